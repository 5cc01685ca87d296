const visuallyHidden: React.CSSProperties = {
  position: "absolute",
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  border: 0,
};

/**
 * Lets Enter in a text field submit a form whose visible submit button lives outside it
 * (a modal's OK button).
 */
export function ImplicitSubmit() {
  return <button type="submit" tabIndex={-1} aria-hidden="true" style={visuallyHidden} />;
}
