/** Descriptions are Markdown (docs blocks already substituted by the compiler): rendered by marked, sanitized by DOMPurify. */
import DOMPurify from 'dompurify';
import { marked } from 'marked';

export function markdown(text: string | null | undefined): HTMLElement {
  const element = document.createElement('div');
  element.className = 'markdown';
  const html = marked.parse(text ?? '', { async: false, gfm: true }) as string;
  element.innerHTML = DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
  for (const link of element.querySelectorAll('a[href^="http"]')) link.setAttribute('rel', 'noopener noreferrer');
  return element;
}

/** The first sentence-ish of a description as plain text, for lists and search results. */
export function summary(text: string | null | undefined, length = 140): string {
  const plain = (text ?? '').replace(/[`*_#>[\]]/g, '').replace(/\s+/g, ' ').trim();
  return plain.length > length ? `${plain.slice(0, length - 1)}…` : plain;
}
