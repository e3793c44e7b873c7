/**
 * A part of a downloaded file's name safe for any file system: every run of characters other
 * than letters, digits, `.`, `_` and `-` becomes one `_`.
 */
export function safeFileNamePart(part: string): string {
  return part.replace(/[^a-zA-Z0-9._-]+/g, '_');
}

/**
 * Saves text as a file through the browser's download: a Blob behind an object URL, clicked
 * from a temporary link, the URL released afterwards so the Blob can be freed. For logs,
 * GitOps files, definitions and schemas alike.
 */
export function downloadText(options: {
  fileName: string;
  text: string;
}): void {
  const blob = new Blob([options.text], { type: 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = options.fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Released on the next tick: some browsers start the download only after click returns.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
