/** `text` with every character a regular expression reads as syntax escaped, to match it literally. */
export const escapeRe = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
