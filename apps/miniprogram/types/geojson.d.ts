declare module '*.geojson' {
  const value: unknown;
  export default value;
}
