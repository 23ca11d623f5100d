import { Link } from '../router';

export function NotFoundPage() {
  return (
    <section className="page narrow">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </section>
  );
}
