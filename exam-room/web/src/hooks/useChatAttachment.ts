/**
 * The composer's attachment: a chosen file is checked (size), uploaded for the open room (POST
 * /api/chat/attachments with the file as the body; XMLHttpRequest, for its upload progress) with the Bearer token,
 * and held until the message that carries it is sent. A draft belongs to its room: switching rooms drops it (the
 * server forgets unsent uploads by itself).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { getAccessToken, refreshSession } from '../services/api';
import { asAttachment, checkFile, uploadErrorText, uploadUrl, type ChatAttachment } from '../lib/chatAttachments';

export type AttachmentPhase = 'idle' | 'uploading' | 'ready' | 'failed';

export interface AttachmentDraft {
  phase: AttachmentPhase;
  fileName: string;
  size: number;
  /** 0 to 1 while uploading */
  progress: number;
  error: string | null;
  attachment: ChatAttachment | null;
}

const IDLE: AttachmentDraft = { phase: 'idle', fileName: '', size: 0, progress: 0, error: null, attachment: null };

interface Answer {
  status: number;
  body: Record<string, unknown> | null;
}

/** One POST of the file; resolves with status 0 when the connection failed or the upload was cancelled. */
function post(url: string, file: File, token: string | null, onProgress: (p: number) => void, onStart: (x: XMLHttpRequest) => void): Promise<Answer> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: Record<string, unknown> | null = null;
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => resolve({ status: 0, body: null });
    xhr.onabort = () => resolve({ status: -1, body: null });
    onStart(xhr);
    xhr.send(file);
  });
}

export function useChatAttachment(roomId: string | null, maxBytes: number) {
  const [draft, setDraft] = useState<AttachmentDraft>(IDLE);
  const current = useRef<XMLHttpRequest | null>(null);
  const generation = useRef(0);

  const clear = useCallback(() => {
    generation.current++;
    current.current?.abort();
    current.current = null;
    setDraft(IDLE);
  }, []);

  useEffect(() => clear, [roomId, clear]);

  const choose = useCallback(
    async (file: File) => {
      if (!roomId) return;
      clear();
      const gen = generation.current;
      const base = { fileName: file.name, size: file.size, attachment: null };
      const refusal = checkFile(file.size, maxBytes);
      if (refusal) {
        setDraft({ ...base, phase: 'failed', progress: 0, error: refusal });
        return;
      }
      setDraft({ ...base, phase: 'uploading', progress: 0, error: null });
      const attempt = () =>
        post(uploadUrl(roomId, file.name), file, getAccessToken(), (progress) => {
          if (gen === generation.current) setDraft((d) => ({ ...d, progress }));
        }, (xhr) => {
          current.current = xhr;
        });
      let answer = await attempt();
      if (answer.status === 401 && gen === generation.current && (await refreshSession())) answer = await attempt();
      if (gen !== generation.current || answer.status === -1) return;
      current.current = null;
      const attachment = answer.status === 201 ? asAttachment(answer.body?.attachment) : null;
      if (attachment) {
        setDraft({ ...base, phase: 'ready', progress: 1, error: null, attachment });
        return;
      }
      const code = typeof answer.body?.error === 'string' ? answer.body.error : undefined;
      const message = typeof answer.body?.message === 'string' ? answer.body.message : undefined;
      setDraft({ ...base, phase: 'failed', progress: 0, error: uploadErrorText(answer.status, code, message, maxBytes) });
    },
    [roomId, maxBytes, clear],
  );

  return { draft, choose, clear };
}
