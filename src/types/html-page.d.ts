/** The report page's script and styles, built by src/sinks/html/build-assets.ts into the bundle that imports them. */
declare module 'virtual:usage-html-page' {
  export const script: string;
  export const style: string;
  /** `sha256-…` of each, for the page's Content-Security-Policy. */
  export const scriptHash: string;
  export const styleHash: string;
}
