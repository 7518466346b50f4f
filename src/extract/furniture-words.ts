// The words of page furniture and of datelines, in the languages Sitrep is checked on: English,
// German, French, Spanish, Italian, Portuguese, Dutch, Russian and Ukrainian. They only ever remove
// a short line that is nothing but such words ("Weiterlesen", "Поделиться", "Published 3 May"); what
// is content is decided by the shape of the text, never by these lists.

/** Whole short lines of furniture: share bars, ad labels, "read more", tag and comment headers. */
const FURNITURE_LINES: string[] = [
  // English
  'advertisements?', 'text size', 'font size', 'tags?', 'topics?', 'share( this( article| story| page)?)?', 'share on \\p{L}+', 'related( articles| stories| posts| content| topics)?',
  'read more', 'read next', 'read also', 'more from [\\p{L} ]+', 'you may (also )?like( these posts)?', 'recommended( for you)?', 'comments?', '\\d+ comments?', 'print( this( article| page))?', 'email( this)?',
  'loading\\.*', 'sign up( for [\\p{L} ]+)?', 'subscribe( now| today| to (continue|keep) reading)?', '(continue|keep) reading', 'page \\d+ (of|/) \\d+', 'next page', 'previous page',
  'follow us( on \\p{L}+)?', 'click here( to [\\p{L} ]+)?', 'see also', 'image', 'photo', 'credit', 'getty images', 'skip (to )?(main )?content', 'back to top', 'listen to (this )?article',
  '\\d+ min(ute)?s? read', 'copy link', 'link copied',
  // German
  'anzeige', 'werbung', 'teilen', '(artikel|beitrag) teilen', 'jetzt teilen', 'weiterlesen', 'mehr lesen', 'mehr zum thema', 'lesen sie auch', 'das könnte sie auch interessieren',
  '(verwandte|ähnliche) (artikel|beiträge)', 'kommentare?', '\\d+ kommentare?', 'kommentieren', '(newsletter |jetzt )?abonnieren', 'folgen sie uns( auf \\p{L}+)?', 'drucken', 'schlagwörter', 'themen', 'nach oben',
  '(\\d+ min\\.? )?lesezeit(: \\d+ min\\.?)?', 'foto', 'bild',
  // French
  'publicité', 'partager', 'partagez', 'lire la suite', '(à )?lire aussi', 'articles similaires', 'sur le même sujet', 'commentaires?', '\\d+ commentaires?', 'commenter',
  "s'abonner", 'abonnez-vous', 'suivez-nous( sur \\p{L}+)?', 'imprimer', 'mots-clés', 'thèmes', 'sujets', 'haut de page', 'retour en haut', '\\d+ min de lecture', 'temps de lecture',
  // Spanish
  'publicidad', 'anuncio', 'compartir', 'comparte', 'leer más', 'sigue leyendo', 'lee también', '(artículos|noticias) relacionad[oa]s', 'te puede interesar', 'comentarios?', '\\d+ comentarios?',
  'comentar', 'suscríbete', 'suscribirse', 'síguenos( en \\p{L}+)?', 'imprimir', 'etiquetas', 'temas', 'volver arriba', '\\d+ min de lectura', 'imagen',
  // Italian
  'pubblicità', 'condividi', 'leggi anche', 'continua a leggere', 'leggi di più', 'articoli correlati', 'commenti', '\\d+ commenti', 'commenta', 'iscriviti', 'abbonati', 'seguici( su \\p{L}+)?',
  'stampa', 'argomenti', 'torna su', '\\d+ min di lettura', 'immagine',
  // Portuguese
  'publicidade', 'compartilhar', 'partilhar', 'leia mais', 'leia também', 'continuar lendo', '(artigos|notícias) relacionad[oa]s', 'comentários', '\\d+ comentários', 'assine', 'inscreva-se',
  'siga-nos( no \\p{L}+)?', 'tópicos', 'voltar ao topo', '\\d+ min de leitura', 'imagem',
  // Dutch
  'advertentie', 'delen', 'deel dit artikel', 'lees meer', 'lees verder', 'lees ook', 'gerelateerde artikelen', 'reacties', '\\d+ reacties', 'reageer', 'abonneer', 'abonneren',
  'volg ons( op \\p{L}+)?', 'afdrukken', 'printen', 'onderwerpen', 'terug naar boven', '\\d+ min leestijd', 'afbeelding',
  // Russian
  'реклама', 'поделиться', 'читать далее', 'читайте также', 'подробнее', 'похожие статьи', 'по теме', 'комментарии', '\\d+ комментари(й|я|ев)', 'подписаться', 'подпишитесь',
  'мы в соцсетях', 'печать', 'распечатать', 'теги', 'темы', 'наверх', '\\d+ мин(ут)? чтения', 'фото',
  // Ukrainian
  'поділитися', 'читати далі', 'читайте також', 'детальніше', 'схожі статті', 'за темою', 'коментарі', '\\d+ коментар(ів|і)?', 'підписатися', 'підпишіться', 'стежте за нами',
  'друк', 'теги', 'теми', 'нагору', '\\d+ хв(илин)? читання',
];

export const BOILERPLATE_LINE = new RegExp(`^(${FURNITURE_LINES.join('|')})\\s*[:.!]?$`, 'iu');

const DATE_WORD_LIST: string[] = [
  // English
  'published', 'updated', 'posted', 'last', 'modified', 'on', 'at', 'am', 'pm', 'gmt', 'utc', 'et', 'bst', 'cet', 'cest', 'msk', 'eet', 'eest', 'today', 'yesterday', 'ago', 'minutes?', 'hours?', 'days?', 'mins?', 'hrs?',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  // German
  'veröffentlicht', 'aktualisiert', 'am', 'um', 'uhr', 'heute', 'gestern', 'vor', 'stunden?', 'minuten?', 'januar', 'jänner', 'februar', 'märz', 'juni', 'juli', 'oktober', 'dezember',
  'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag',
  // French
  'publié', 'le', 'mis', 'à', 'jour', 'aujourd', 'hui', 'hier', 'il', 'y', 'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
  // Spanish
  'publicado', 'el', 'actualizado', 'de', 'a', 'las', 'hoy', 'ayer', 'hace', 'enero', 'febrero', 'marzo', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre', 'diciembre',
  'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo',
  // Italian
  'pubblicato', 'aggiornato', 'il', 'alle', 'ore', 'oggi', 'ieri', 'fa', 'gennaio', 'febbraio', 'aprile', 'maggio', 'giugno', 'luglio', 'settembre', 'ottobre', 'dicembre',
  'lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato', 'domenica',
  // Portuguese
  'atualizado', 'em', 'às', 'ontem', 'há', 'janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'setembro', 'outubro', 'novembro', 'dezembro',
  'segunda', 'terça', 'quarta', 'quinta', 'sexta', 'feira',
  // Dutch
  'gepubliceerd', 'bijgewerkt', 'op', 'om', 'vandaag', 'gisteren', 'geleden', 'januari', 'februari', 'maart', 'mei', 'augustus', 'oktober',
  'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag',
  // Russian
  'опубликовано', 'обновлено', 'в', 'сегодня', 'вчера', 'назад', 'января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря', 'г',
  'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье',
  // Ukrainian
  'опубліковано', 'оновлено', 'о', 'сьогодні', 'вчора', 'тому', 'січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня', 'р',
  'понеділок', 'вівторок', 'середа', 'четвер', "п'ятниця", 'субота', 'неділя',
];

/** One word of a dateline: a date word in any of the languages, matched whole. */
export const DATE_WORDS = new RegExp(`^(${DATE_WORD_LIST.join('|')})$`, 'iu');

/** Date words too common to signal a date by themselves ("on", "le", "de", "в"). */
export const WEAK_DATE_WORDS = /^(on|at|am|pm|le|de|a|el|il|um|the|em|op|om|в|о|г|р|y|la|fa|vor|hace|há)$/iu;
