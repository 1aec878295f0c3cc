/**
 * Shows a notification when the person allows them: through the service worker's registration
 * where one is active (the only way Chrome on Android shows one, and a tap then reaches the
 * worker's `notificationclick`, which opens the app at `url`), else with the page's own
 * constructor. True when shown; false when not allowed, so the caller may try again later. The
 * reminders and the supervisors' nudges both show theirs here; the banners show them anyway.
 */
export async function showNotification(
  title: string,
  lines: readonly string[],
  options: { tag: string; url: string },
): Promise<boolean> {
  const NotificationApi = (globalThis as { Notification?: typeof Notification }).Notification;
  if (NotificationApi?.permission !== 'granted') return false;
  const shown: NotificationOptions = {
    body: lines.join('\n'),
    tag: options.tag,
    icon: '/icons/icon-192.png',
    data: { url: options.url },
  };
  const registration = await navigator.serviceWorker?.getRegistration().catch(() => undefined);
  if (registration?.active) {
    await registration.showNotification(title, shown);
    return true;
  }
  try {
    new NotificationApi(title, shown);
    return true;
  } catch {
    return false;
  }
}
