/**
 * One word for a POSIX shell command line the user copies: left bare when it has only characters no shell
 * treats specially, else single-quoted (a `'` inside becomes `'\''`).
 */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
