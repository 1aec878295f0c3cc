import { render } from 'preact';
import { App } from './app';
import { registerPwa } from './pwa';
import { createServices } from './services';
import './styles.css';

const services = createServices();
const pwa = registerPwa(() => void services.scheduler.syncNow());
render(<App services={services} pwa={pwa} />, document.getElementById('app')!);
