import type { Feature } from '../feature';
import { regional } from './regional.resolver';

/**
 * Partnership figures: Library.partnershipIndicators (federation/) and the regional report's part
 * (the row is reached only through the gateway's _entities calls).
 */
export const indicators: Feature = regional.feature;
