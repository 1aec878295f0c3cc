import { render } from 'preact';
import { App } from './app';
import { createServices } from './services';
import './styles.css';

const services = createServices();
const root = document.getElementById('app')!;
render(<App services={services} pwa={null} />, root);
// The service worker's helper is not needed for the first screen: load it once home is up.
void import('./pwa').then(({ registerPwa }) => {
  const pwa = registerPwa(() => void services.scheduler.syncNow());
  render(<App services={services} pwa={pwa} />, root);
});
