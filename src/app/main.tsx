import { render } from 'preact';
import { App } from './app';
import { createServices } from './services';
import './styles.css';

const services = createServices();
const root = document.getElementById('app')!;
let pwaLoading = false;
// The service worker's helper is not needed for the first screen: it loads once that screen is
// drawn (enrollment or home), so that it is not among the scripts the screen waits for.
const loadPwa = () => {
  if (pwaLoading) return;
  pwaLoading = true;
  void import('./pwa').then(({ registerPwa }) => {
    const pwa = registerPwa(() => void services.scheduler.syncNow());
    render(<App services={services} pwa={pwa} onDrawn={loadPwa} />, root);
  });
};
render(<App services={services} pwa={null} onDrawn={loadPwa} />, root);
