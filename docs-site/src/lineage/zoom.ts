/** Zoom (wheel, buttons, + and - keys) and pan (drag) of the lineage graph, by one transform on the viewport group. */
import { h } from '../dom.js';
import { NODE_HEIGHT, type Layout, type PlacedNode } from './layout.js';

export interface ZoomControl {
  controls: HTMLElement;
  fit(): void;
  center(node: PlacedNode): void;
}

const MIN_SCALE = 0.05;
const MAX_SCALE = 3;

export function enableZoom(root: SVGSVGElement, viewport: SVGGElement, layout: Layout): ZoomControl {
  let scale = 1;
  let tx = 0;
  let ty = 0;
  const apply = () => viewport.setAttribute('transform', `translate(${tx},${ty}) scale(${scale})`);
  const zoomAt = (factor: number, px: number, py: number) => {
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale * factor));
    tx = px - ((px - tx) * next) / scale;
    ty = py - ((py - ty) * next) / scale;
    scale = next;
    apply();
  };
  const size = () => root.getBoundingClientRect();
  const fit = () => {
    const box = size();
    const margin = 20;
    scale = Math.min(MAX_SCALE, 1, Math.max(MIN_SCALE, Math.min((box.width - 2 * margin) / Math.max(1, layout.width), (box.height - 2 * margin) / Math.max(1, layout.height))));
    tx = (box.width - layout.width * scale) / 2;
    ty = (box.height - layout.height * scale) / 2;
    apply();
  };
  const center = (node: PlacedNode) => {
    const box = size();
    scale = Math.max(scale, 0.8);
    tx = box.width / 2 - (node.x + node.width / 2) * scale;
    ty = box.height / 2 - (node.y + NODE_HEIGHT / 2) * scale;
    apply();
  };
  root.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const box = size();
      zoomAt(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - box.left, event.clientY - box.top);
    },
    { passive: false },
  );
  let drag: { x: number; y: number; tx: number; ty: number } | null = null;
  root.addEventListener('pointerdown', (event) => {
    if ((event.target as Element).closest('g.node')) return;
    drag = { x: event.clientX, y: event.clientY, tx, ty };
    root.setPointerCapture(event.pointerId);
    root.classList.add('dragging');
  });
  root.addEventListener('pointermove', (event) => {
    if (!drag) return;
    tx = drag.tx + event.clientX - drag.x;
    ty = drag.ty + event.clientY - drag.y;
    apply();
  });
  const stop = () => {
    drag = null;
    root.classList.remove('dragging');
  };
  root.addEventListener('pointerup', stop);
  root.addEventListener('pointercancel', stop);
  const middle = (factor: number) => {
    const box = size();
    zoomAt(factor, box.width / 2, box.height / 2);
  };
  const pan = (dx: number, dy: number) => {
    tx += dx;
    ty += dy;
    apply();
  };
  root.setAttribute('tabindex', '0');
  root.addEventListener('keydown', (event) => {
    if (event.target !== root) return;
    const moves: Record<string, () => void> = {
      '+': () => middle(1.25),
      '=': () => middle(1.25),
      '-': () => middle(0.8),
      '0': fit,
      ArrowLeft: () => pan(60, 0),
      ArrowRight: () => pan(-60, 0),
      ArrowUp: () => pan(0, 60),
      ArrowDown: () => pan(0, -60),
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      move();
    }
  });
  const controls = h(
    'div',
    { class: 'zoom', role: 'toolbar', 'aria-label': 'Zoom' },
    h('button', { type: 'button', 'aria-label': 'Zoom in', onclick: () => middle(1.25) }, '+'),
    h('button', { type: 'button', 'aria-label': 'Zoom out', onclick: () => middle(0.8) }, '−'),
    h('button', { type: 'button', 'aria-label': 'Fit the graph', onclick: fit }, 'Fit'),
  );
  return { controls, fit, center };
}
