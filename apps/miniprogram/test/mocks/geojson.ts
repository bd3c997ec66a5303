// Jest stand-in for a .geojson import: a small square around Jiayuguan's centre.
const square: [number, number][] = [
  [98.2, 39.75],
  [98.4, 39.75],
  [98.4, 39.85],
  [98.2, 39.85],
  [98.2, 39.75],
];
export default { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square] } }] };
