import type { CostSource } from '../statusline/format.js';

// Apart from the option declarations (statusline.ts), so that a bare `usage statusline` can run with
// these defaults without loading the command-line parser.

export interface StatuslineFlags {
  timezone?: string;
  costSource: CostSource;
  format: string;
  contextWarn?: string;
  contextDanger?: string;
  rescan?: string;
  color: boolean;
  cache: boolean;
  debug?: boolean;
  install?: boolean;
  uninstall?: boolean;
  project?: boolean;
  force?: boolean;
}

/** What commander hands over for `usage statusline` without options. */
export const STATUSLINE_DEFAULTS: StatuslineFlags = {
  costSource: 'cc',
  format: 'default',
  color: true,
  cache: true,
};
