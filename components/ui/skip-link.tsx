/**
 * "Skip to main content": the first stop of the Tab key on every page, shown only while focused, so
 * a keyboard user goes past the top bar in one key press. Its target is the page's `<main id="main">`.
 */
export function SkipLink() {
  return (
    <a
      href="#main"
      className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-800 shadow-lg focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
    >
      Skip to main content
    </a>
  );
}
