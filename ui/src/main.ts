// Entry point: styles, then the app. Nothing is put on `window`.
import './styles/app.css';
import './styles/preview.css';
import './styles/syntax.css';
import { App } from './app';

void new App().start();
