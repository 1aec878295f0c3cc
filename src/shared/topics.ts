/** Topics as a person types them: separated by commas, trimmed, NFC, empty ones left out. */
export function topicsFromText(text: string): string[] {
  return text
    .split(',')
    .map((topic) => topic.trim().normalize('NFC'))
    .filter(Boolean);
}
