/** A ChannelPoster that counts its posts in flowwatch_channel_posts_total by kind and outcome. */
import type { ChannelPoster } from '../digest/channel-poster.ts';
import type { FlowwatchMetrics, PostKind } from './metrics.ts';

export function countingPoster(
  poster: ChannelPoster,
  kind: PostKind,
  metrics: Pick<FlowwatchMetrics, 'cardPosted'>,
): ChannelPoster {
  return {
    async postCard(subscription, card) {
      try {
        const id = await poster.postCard(subscription, card);
        metrics.cardPosted(kind, 'sent');
        return id;
      } catch (error) {
        metrics.cardPosted(kind, 'failed');
        throw error;
      }
    },
  };
}
