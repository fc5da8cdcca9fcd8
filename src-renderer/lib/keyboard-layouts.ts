/**
 * On-screen keyboard layouts and what a key does to a field's text. Pure, so it is tested without a browser.
 * A field says which pad it wants with `data-osk`: text and name get the letters of the patient's language (from its
 * locale file), phone and number get a numeric pad.
 */
import type { KeyboardLayout } from '../../src-main/core/locales/catalog';

export type PadKind = 'text' | 'name' | 'phone' | 'number' | 'decimal';
export type Layer = 'letters' | 'accents';

/** A special key; any other key string is inserted as it is. */
export type Special = '{shift}' | '{accents}' | '{space}' | '{bksp}' | '{done}';
export type Key = string;

const DIGITS = '1 2 3 4 5 6 7 8 9 0'.split(' ');

/** The accents layer, in every language, for names such as Zoë, Chloé, François, Núñez, Søren: letters only. */
const ACCENTS: string[][] = ['á à â ä ã å æ ç', 'é è ê ë í ì î ï', 'ó ò ô ö õ ø ú ù', 'û ü ñ ý ÿ ß'].map((r) =>
  r.split(' '),
);

export function padIsNumeric(kind: PadKind): boolean {
  return kind === 'phone' || kind === 'number' || kind === 'decimal';
}

/** Rows of keys for a pad, the language's letters and a layer. */
export function layoutFor(kind: PadKind, language: KeyboardLayout, layer: Layer): Key[][] {
  if (kind === 'phone')
    return [
      ['1', '2', '3'],
      ['4', '5', '6'],
      ['7', '8', '9'],
      ['+', '0', '-'],
      ['{space}', '{bksp}', '{done}'],
    ];
  if (kind === 'number' || kind === 'decimal') {
    return [
      ['1', '2', '3'],
      ['4', '5', '6'],
      ['7', '8', '9'],
      // The separator the patient's language writes decimals with, from its locale file.
      [kind === 'decimal' ? language.decimal : '', '0', '{bksp}'].filter(Boolean),
      ['{done}'],
    ];
  }
  const rows: Key[][] = [DIGITS, ...(layer === 'accents' ? ACCENTS : language.letters)];
  // The accents a language needs every day stay on screen under its letters.
  if (layer === 'letters' && language.accents.length > 0) rows.push(language.accents);
  // A name takes hyphens and apostrophes only; free text also takes the language's own marks (¿ ¡ in Spanish).
  const punctuation = kind === 'name' ? ['-', "'"] : ['-', "'", ',', '.', '?', ...language.punctuation];
  rows.push(['{shift}', '{accents}', '{space}', ...punctuation, '{bksp}', '{done}']);
  return rows;
}

export interface FieldText {
  value: string;
  /** Caret position (start and end of the selection). */
  start: number;
  end: number;
}

/** The text after pressing one inserting or deleting key; other special keys leave it as it is. */
export function applyKey(field: FieldText, key: Key, upper: boolean): FieldText {
  const { value, start, end } = field;
  if (key === '{bksp}') {
    if (start !== end) return { value: value.slice(0, start) + value.slice(end), start, end: start };
    if (start === 0) return field;
    // Remove a whole code point, not half of a surrogate pair.
    const before = Array.from(value.slice(0, start));
    before.pop();
    const head = before.join('');
    return { value: head + value.slice(end), start: head.length, end: head.length };
  }
  if (key.startsWith('{')) {
    if (key !== '{space}') return field;
    key = ' ';
  }
  const text = upper ? key.toLocaleUpperCase() : key;
  const next = value.slice(0, start) + text + value.slice(end);
  const caret = start + text.length;
  return { value: next, start: caret, end: caret };
}

/** Names start each word with a capital: shift turns itself on at the start and after a space or hyphen. */
export function autoShift(kind: PadKind, valueBeforeCaret: string): boolean {
  if (kind !== 'name') return false;
  return valueBeforeCaret === '' || /[\s-]$/.test(valueBeforeCaret);
}
