// A content item with the file it came from (for errors with file and path).
export interface Authored<T> {
  file: string;
  data: T;
}
