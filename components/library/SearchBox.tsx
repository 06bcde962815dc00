/** A labelled search field for the options page's lists (sources' actors, annotations). */
export function SearchBox(props: {
  label: string;
  placeholder: string;
  testId: string;
  value: string;
  onInput: (value: string) => void;
}) {
  return (
    <input
      type="search"
      placeholder={props.placeholder}
      aria-label={props.label}
      data-testid={props.testId}
      value={props.value}
      onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
    />
  );
}
