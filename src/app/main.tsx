import { render } from 'preact';
import { App } from './app';
import { afterFirstScreen } from './first-screen';
import { createServices } from './services';
import './styles.css';

const services = createServices();
const root = document.getElementById('app')!;
let pwaLoading = false;
// The service worker's helper is not needed for the first screen: it loads once that screen is
// usable (enrollment, home's figures, the console), so that it is not among the scripts the screen
// waits for.
afterFirstScreen(() => {
  if (pwaLoading) return;
  pwaLoading = true;
  void import('./pwa').then(({ registerPwa }) => {
    const pwa = registerPwa(() => void services.scheduler.syncNow());
    render(<App services={services} pwa={pwa} />, root);
  });
});
render(<App services={services} pwa={null} />, root);
