import express from 'express';
import type { AppContext } from '../src/app/app-context.js';

// PLACEHOLDER (lead): replaced by the portal implementation.
export function createPortalRouter(_app: AppContext): express.Router {
  return express.Router();
}
