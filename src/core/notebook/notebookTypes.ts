/** A notebook as the file holds it: the header and its cells, in order. Both readers of the file return it. */
export type CellKind = 'markdown' | 'request';
export interface NotebookCell {
  kind: CellKind;
  text: string;
}
export interface NotebookFile {
  /** The environment this notebook is pinned to. */
  environment?: string;
  /** The client application and white label its requests use unless a cell names its own. */
  client?: string;
  label?: string;
  /** The notebook-level default api version (YYYY.Major.Minor). */
  apiVersion?: string;
  cells: NotebookCell[];
}
