import { HISTORY_TEXT } from '../../shared/history';
import { formatLocation, type GeoPoint, geoUriOf, mapLinkOf } from '../../shared/location';

/** "Vị trí: 18,2591° B, 106,1213° Đ", linked to a map in the browser, and to the phone's map app. */
export function LocationLine(props: { point: GeoPoint; language: 'vi' | 'en' }) {
  const { point, language } = props;
  return (
    <p class="location">
      {HISTORY_TEXT.location[language]}:{' '}
      <a href={mapLinkOf(point)} target="_blank" rel="noopener noreferrer" title={HISTORY_TEXT.openMap[language]}>
        {formatLocation(point, language)}
      </a>{' '}
      (<a href={geoUriOf(point)}>{HISTORY_TEXT.mapApp[language]}</a>)
    </p>
  );
}
