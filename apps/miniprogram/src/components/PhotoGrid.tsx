import Taro from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import type { TicketView } from '@jyg12345/shared';
import { mediaUrl } from '../services/http';
import './PhotoGrid.scss';

export type TicketPhoto = TicketView['photos'][number];

interface PhotoGridProps {
  photos: readonly TicketPhoto[];
  /** Read out with each thumbnail, e.g. 答复照片. */
  label: string;
}

/** Thumbnails of a ticket's photos (signed URLs, no token needed); a tap opens the full images. */
export function PhotoGrid({ photos, label }: PhotoGridProps) {
  const urls = photos.map((p) => mediaUrl(p.url));
  return (
    <View className="photo-grid">
      {photos.map((photo, index) => (
        <View
          key={photo.id}
          className="photo-grid__thumb"
          role="button"
          aria-label={`${label} ${index + 1}，点按查看大图`}
          data-photo-id={photo.id}
          onClick={() => void Taro.previewImage({ current: urls[index]!, urls }).catch(() => undefined)}
        >
          <Image className="photo-grid__img" src={mediaUrl(photo.thumbnailUrl)} mode="aspectFill" lazyLoad />
        </View>
      ))}
    </View>
  );
}

/** A ticket's photos by what they show: the resident's own (with the appeal), supplements, the unit's reply. */
export function photosByUsage(photos: readonly TicketPhoto[]) {
  return {
    own: photos.filter((p) => p.usage === 'ticket' || p.usage === null),
    supplement: photos.filter((p) => p.usage === 'supplement'),
    reply: photos.filter((p) => p.usage === 'reply'),
  };
}

/** A labelled cell of thumbnails in a ticket's details, or nothing when there are none. */
export function PhotoCell({ photos, label, className }: PhotoGridProps & { className: string }) {
  if (photos.length === 0) return null;
  return (
    <View className={`cell cell--top ${className}`}>
      <View className="cell__hd">{label}</View>
      <View className="cell__bd">
        <PhotoGrid photos={photos} label={label} />
      </View>
    </View>
  );
}
