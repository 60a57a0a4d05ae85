import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * A self-contained HTML page that renders a card with Microsoft's `adaptivecards` JavaScript
 * renderer (inlined, so the page works offline and from file://), for an admin to look at a
 * digest without Teams. Buttons do nothing here; the page says what they would do.
 */
export function renderPreviewHtml(
  card: object,
  options: { title: string; note: string; rendererScript?: string },
): string {
  const script = options.rendererScript ?? readRendererScript();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src https: data:">
<title>${escapeHtml(options.title)}</title>
<style>
  body { margin: 0; padding: 24px; background: #f5f5f5; font-family: "Segoe UI", system-ui, -apple-system, sans-serif; color: #242424; }
  header { max-width: 720px; margin: 0 auto 12px; font-size: 13px; color: #616161; }
  #card { max-width: 720px; margin: 0 auto; background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.15); padding: 16px; }
  #action { max-width: 720px; margin: 12px auto 0; font-size: 13px; color: #616161; min-height: 1em; }
  .ac-pushButton { background: #fff; border: 1px solid #d1d1d1; border-radius: 4px; padding: 5px 12px; font: 600 14px "Segoe UI", system-ui, sans-serif; color: #242424; cursor: pointer; }
</style>
</head>
<body>
<header>${escapeHtml(options.note)}</header>
<div id="card"></div>
<div id="action"></div>
<script>${script}</script>
<script>
(function () {
  var card = ${JSON.stringify(card)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')};
  var hostConfig = new AdaptiveCards.HostConfig(${JSON.stringify(HOST_CONFIG)});
  // Teams renders a little markdown in TextBlocks; here text is shown as is, escaped.
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = text.replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
    result.didProcess = true;
  };
  var adaptiveCard = new AdaptiveCards.AdaptiveCard();
  adaptiveCard.hostConfig = hostConfig;
  adaptiveCard.onExecuteAction = function (action) {
    var verb = action.verb ? ' (verb "' + action.verb + '")' : '';
    document.getElementById('action').textContent = 'In Teams, "' + action.title + '"' + verb + ' would ask the bot to re-render this card.' + (action.url ? ' Link: ' + action.url : '');
  };
  adaptiveCard.parse(card);
  document.getElementById('card').appendChild(adaptiveCard.render());
  document.body.setAttribute('data-rendered', 'true');
})();
</script>
</body>
</html>
`;
}

/** Teams-like fonts, spacing and container colours for the renderer. */
const HOST_CONFIG = {
  fontFamily: '"Segoe UI", system-ui, -apple-system, sans-serif',
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 12 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
  fontWeights: { lighter: 200, default: 400, bolder: 600 },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#6264A7' },
        good: { default: '#107C10', subtle: '#0B6A0B' },
        warning: { default: '#8A5700', subtle: '#835B00' },
        attention: { default: '#C4314B', subtle: '#A72037' },
      },
    },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
    warning: { backgroundColor: '#FFF4CE', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
    attention: { backgroundColor: '#FDE7E9', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
  },
};

function readRendererScript(): string {
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = require.resolve('adaptivecards/dist/adaptivecards.min.js');
  } catch {
    throw new Error(
      'the "adaptivecards" package is not installed (it is a devDependency): run npm install without --omit=dev to use --preview',
    );
  }
  return readFileSync(file, 'utf8');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
