/**
 * Sorting the short string lists a compile sorts by the ten thousand (a node's macros, an object's
 * keys): in place, by insertion for short lists (Array.prototype.sort allocates working storage
 * even for two items), in the same order as the default sort.
 */
export function sortStrings(list: string[]): string[] {
  if (list.length > 16) return list.sort();
  for (let i = 1; i < list.length; i++) {
    const item = list[i]!;
    let j = i - 1;
    while (j >= 0 && list[j]! > item) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = item;
  }
  return list;
}
