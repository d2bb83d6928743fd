import type { Detector } from './types';
import { apiErrorDetector } from './api-error';
import { formattingDetector } from './formatting';
import { languageDetector } from './language';
import { truncatedDetector } from './truncated';
import { wrongAnswerDetector } from './wrong-answer';

export type { Detector, Finding } from './types';

/** The detectors a recipe's detector stage can name. */
export const DETECTORS = ['api-error', 'wrong-answer', 'formatting', 'truncated', 'language'] as const;
export type DetectorName = (typeof DETECTORS)[number];

export function makeDetector(name: DetectorName, params: Record<string, unknown> = {}): Detector {
  switch (name) {
    case 'api-error': return apiErrorDetector(params);
    case 'wrong-answer': return wrongAnswerDetector(params);
    case 'formatting': return formattingDetector(params);
    case 'truncated': return truncatedDetector(params);
    case 'language': return languageDetector(params);
  }
}
