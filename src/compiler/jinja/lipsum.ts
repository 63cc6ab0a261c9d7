/**
 * Jinja2's `lipsum(n=5, html=True, min=20, max=100)`: `n` paragraphs of random lorem ipsum words
 * with commas and full stops placed as Jinja2 places them (its generate_lorem_ipsum, and its word
 * list), as `<p>…</p>` lines or, with `html=False`, separated by blank lines.
 */
import { callArguments } from './call-arguments.js';

const WORDS = `
a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue
bibendum blandit class commodo condimentum congue consectetuer consequat conubia convallis cras
cubilia cum curabitur curae cursus dapibus diam dictum dictumst dignissim dis dolor donec dui
duis egestas eget eleifend elementum elit enim erat eros est et etiam eu euismod facilisi
facilisis fames faucibus felis fermentum feugiat fringilla fusce gravida habitant habitasse hac
hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum ipsum justo lacinia lacus
laoreet lectus leo libero ligula litora lobortis lorem luctus maecenas magna magnis malesuada
massa mattis mauris metus mi molestie mollis montes morbi mus nam nascetur natoque nec neque
netus nibh nisi nisl non nonummy nostra nulla nullam nunc odio orci ornare parturient pede
pellentesque penatibus per pharetra phasellus placerat platea porta porttitor posuere potenti
praesent pretium primis proin pulvinar purus quam quis quisque rhoncus ridiculus risus rutrum
sagittis sapien scelerisque sed sem semper senectus sit sociis sociosqu sodales sollicitudin
suscipit suspendisse taciti tellus tempor tempus tincidunt torquent tortor tristique turpis
ullamcorper ultrices ultricies urna ut varius vehicula vel velit venenatis vestibulum vitae
vivamus viverra volutpat vulputate
`.trim().split(/\s+/);

/** Python's randrange(a, b): an integer in [a, b); an empty range is Python's ValueError. */
function randrange(start: number, stop: number): number {
  if (stop <= start) throw new Error(`empty range for randrange() (${start}, ${stop}, ${stop - start})`);
  return start + Math.floor(Math.random() * (stop - start));
}

function paragraph(min: number, max: number): string {
  const words: string[] = [];
  let capitalize = true;
  let lastComma = 0;
  let lastFullstop = 0;
  let last: string | undefined;
  const count = randrange(min, max);
  for (let idx = 0; idx < count; idx++) {
    let word: string;
    do word = WORDS[Math.floor(Math.random() * WORDS.length)]!;
    while (word === last);
    last = word;
    if (capitalize) {
      word = word.charAt(0).toUpperCase() + word.slice(1);
      capitalize = false;
    }
    if (idx - randrange(3, 8) > lastComma) {
      lastComma = idx;
      lastFullstop += 2;
      word += ',';
    }
    if (idx - randrange(10, 20) > lastFullstop) {
      lastComma = lastFullstop = idx;
      word += '.';
      capitalize = true;
    }
    words.push(word);
  }
  const text = words.join(' ');
  if (text.endsWith(',')) return `${text.slice(0, -1)}.`;
  return text.endsWith('.') ? text : `${text}.`;
}

export function lipsum(...args: unknown[]): string {
  const { positional, keywords } = callArguments(args);
  const [n = keywords.n ?? 5, html = keywords.html ?? true, min = keywords.min ?? 20, max = keywords.max ?? 100] = positional;
  const paragraphs = Array.from({ length: Number(n) }, () => paragraph(Number(min), Number(max)));
  if (!html) return paragraphs.join('\n\n');
  return paragraphs.map((text) => `<p>${text}</p>`).join('\n');
}
