// Small pieces the Settings and connect forms share: reading a secret field once (its value is
// emptied, never kept in React state) and the one line that says how a submit went (a status
// for people using a screen reader, an alert when it failed).

/** What a submit came to, in words; null before the first submit. */
export type FormResult = { readonly ok: boolean; readonly text: string } | null;

/** Reads a password field's value and empties it, so the secret lives only for this call. */
export function takeSecret(form: HTMLFormElement, name: string): string {
  const input = form.elements.namedItem(name);
  if (!(input instanceof HTMLInputElement)) return '';
  const value = input.value;
  input.value = '';
  return value;
}

export function ResultLine(props: { readonly result: FormResult }) {
  const { result } = props;
  return (
    <p role={result?.ok === false ? 'alert' : 'status'} className={result === null ? 'visually-hidden' : result.ok ? 'muted' : 'error'}>
      {result?.text ?? ''}
    </p>
  );
}
