// Java's String methods the runner applies to what a definition holds, where JavaScript's own
// differ (Unicode spaces, trailing empty strings).

/** Java's `String.trim()`: every character up to U+0020 off both ends, not Unicode's spaces. */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.substring(start, end);
}
