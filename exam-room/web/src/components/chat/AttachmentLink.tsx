import { useState, type MouseEvent } from 'react';
import { apiRequest } from '../../services/api';
import { displayName, formatBytes, type ChatAttachment } from '../../lib/chatAttachments';

/**
 * A message's file: its name and size as text, and a link that downloads it. The download needs the Bearer token,
 * so a click fetches it and saves the Blob under its name; the server sends it as an attachment with our own type.
 */
export function AttachmentLink({ attachment }: { attachment: ChatAttachment }) {
  const [error, setError] = useState<string | null>(null);
  const download = async (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    setError(null);
    try {
      const res = await apiRequest(attachment.url, { headers: { Accept: '*/*' } });
      if (!res.ok) {
        setError(res.status === 404 ? 'This file is no longer available.' : `The download failed (HTTP ${res.status}).`);
        return;
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = attachment.name;
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setError('The download failed: check the connection.');
    }
  };
  return (
    <p className="chat-attachment">
      <a
        href={attachment.url}
        download={attachment.name}
        data-testid="chat-attachment-link"
        data-attachment-id={attachment.id}
        data-content-type={attachment.contentType}
        data-size={attachment.size}
        title={attachment.name}
        onClick={(e) => void download(e)}
      >
        <span className="chat-attachment-name">{displayName(attachment.name)}</span>
      </a>{' '}
      <span className="chat-attachment-size muted">{formatBytes(attachment.size)}</span>
      {error && (
        <span className="chat-attachment-error" data-testid="chat-attachment-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}
