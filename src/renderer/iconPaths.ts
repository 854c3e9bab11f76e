/** The 16×16 icon shapes as SVG path data; kept apart from the DOM code so pure modules can name icons. */
export type IconName =
  'edit' | 'settings' | 'key' | 'network' | 'clock' | 'shield' | 'stop' | 'blocked' | 'error' | 'info' | 'warning';

export const ICON_PATHS: Record<IconName, string> = {
  edit: 'M11.5 1.5l3 3L5 14H2v-3l9.5-9.5zm-1 2.06L3.5 10.56v1.94h1.94l7-7-1.94-1.94z',
  settings:
    'M2 3h7v1.5H2zM12 3h2v1.5h-2zM9.5 2H11v3.5H9.5zM2 7.25h2v1.5H2zM7 7.25h7v1.5H7zM4.5 6.25H6v3.5H4.5zM2 11.5h6v1.5H2zM11 11.5h3v1.5h-3zM8.5 10.5H10V14H8.5z',
  key: 'M10.5 1a4.5 4.5 0 00-4.24 6L1 12.26V15h2.74l.76-.76V13h1.24l.76-.76V11h1.24l1.26-1.26A4.5 4.5 0 1010.5 1zm1 2.5a1 1 0 110 2 1 1 0 010-2z',
  network:
    'M1 4.5h9.19L8.22 2.53 9.28 1.47 13.06 5.25 9.28 9.03 8.22 7.97 10.19 6H1zM15 11.5H5.81l1.97 1.97-1.06 1.06-3.78-3.78 3.78-3.78 1.06 1.06L5.81 10H15z',
  clock:
    'M8 1a7 7 0 110 14A7 7 0 018 1zm0 1.5a5.5 5.5 0 100 11 5.5 5.5 0 000-11zM8.75 4v3.69l2.28 2.28-1.06 1.06-2.72-2.72V4z',
  shield:
    'M8 1l6 2.5V7c0 3.6-2.5 6.7-6 8-3.5-1.3-6-4.4-6-8V3.5zm0 1.63L3.5 4.5V7c0 2.8 1.8 5.3 4.5 6.4 2.7-1.1 4.5-3.6 4.5-6.4V4.5z',
  stop: 'M3.5 3.5h9v9h-9z',
  blocked: 'M8 1a7 7 0 110 14A7 7 0 018 1zM3.97 5.03A5.5 5.5 0 0010.97 12.03zm1.06-1.06l7 7A5.5 5.5 0 005.03 3.97z',
  error:
    'M8 1a7 7 0 110 14A7 7 0 018 1zm2.47 3.47L8 6.94 5.53 4.47 4.47 5.53 6.94 8l-2.47 2.47 1.06 1.06L8 9.06l2.47 2.47 1.06-1.06L9.06 8l2.47-2.47z',
  info: 'M8 1a7 7 0 110 14A7 7 0 018 1zm-.75 3v1.5h1.5V4zm0 3v5h1.5V7z',
  warning: 'M8 1l7 13H1zm-.75 4.5V10h1.5V5.5zm0 5.75v1.5h1.5v-1.5z',
};
