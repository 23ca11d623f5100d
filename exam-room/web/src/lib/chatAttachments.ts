/**
 * Chat attachments as the UI handles them (docs/events.md, "Chat attachments"): the server's metadata, sizes and
 * names for display, the checks made before an upload, and what a refused upload says. Names are shown as text only.
 */

export interface ChatAttachment {
  id: string;
  /** the uploader's file name, escaped by the server (never a path) */
  name: string;
  size: number;
  /** the type the server detected from the bytes (its allowlist), never the uploader's claim */
  contentType: string;
  /** where to download it, with the Bearer token */
  url: string;
}

/** What the file picker offers; the server decides by the bytes all the same. */
export const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,audio/*,.txt,.pdf';

export const UNSUPPORTED_TEXT = 'This type of file cannot be sent: images (PNG, JPEG, GIF, WebP), PDF, plain text and audio only.';

export function asAttachment(v: unknown): ChatAttachment | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'string' || !r.id || typeof r.url !== 'string') return null;
  // only our own API: a link elsewhere (or a javascript: URL) is never rendered
  if (!r.url.startsWith('/api/chat/attachments/')) return null;
  return {
    id: r.id,
    name: typeof r.name === 'string' && r.name ? r.name : 'attachment',
    size: typeof r.size === 'number' && r.size >= 0 ? r.size : 0,
    contentType: typeof r.contentType === 'string' ? r.contentType : 'application/octet-stream',
    url: r.url,
  };
}

/** 0 B, 999 B, 1.5 KB, 20 KB, 9.8 MB, 10 MB (units of 1024, as the server's limits). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${n} B`;
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  // 1023.96 KB rounds to 1024: say 1 MB instead
  if (shown >= 1024 && unit < units.length - 1) return `1 ${units[unit + 1]}`;
  return `${value < 10 ? shown.toFixed(1) : shown} ${units[unit]}`;
}

/** A long name cut in the middle, keeping its start and its extension: "a-very-long-repo…rt-2024.pdf". */
export function displayName(name: string, max = 40): string {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 8 ? Array.from(name.slice(dot)) : [];
  const tail = Math.min(ext.length + 6, Math.floor(max / 2));
  const head = max - tail - 1;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/** Why a chosen file cannot be uploaded, or null. */
export function checkFile(size: number, maxBytes: number): string | null {
  if (size === 0) return 'The file is empty.';
  if (maxBytes > 0 && size > maxBytes) return `Too large: ${formatBytes(size)}; files up to ${formatBytes(maxBytes)} can be sent.`;
  return null;
}

/** What a refused upload says, by its status and the server's `{error, message}`. */
export function uploadErrorText(status: number, code: string | undefined, message: string | undefined, maxBytes: number): string {
  if (status === 413 || code === 'too_large') return maxBytes > 0 ? `Too large: files up to ${formatBytes(maxBytes)} can be sent.` : 'Too large.';
  if (status === 415 || code === 'unsupported_media_type') return UNSUPPORTED_TEXT;
  if (code === 'muted') return 'You are muted in this room';
  if (status === 0) return 'The upload was cut off: check the connection and try again.';
  return message || `The upload failed (HTTP ${status}).`;
}

/** POST /api/chat/attachments?roomId=&name= (the file is the raw body). */
export function uploadUrl(roomId: string, name: string): string {
  return `/api/chat/attachments?roomId=${encodeURIComponent(roomId)}&name=${encodeURIComponent(name)}`;
}
