import type { CueCard as CueCardData } from '../types';

/** The Part 2 cue card: the topic and the points to talk about. */
export function CueCard({ card }: { card: CueCardData }) {
  return (
    <section className="cue-card" data-testid="cue-card" aria-labelledby="cue-card-topic">
      <h3 id="cue-card-topic">{card.topic}</h3>
      {card.points.length > 0 && (
        <>
          <p>You should say:</p>
          <ul>
            {card.points.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
