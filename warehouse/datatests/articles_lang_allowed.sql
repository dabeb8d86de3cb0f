-- An article's language version is ru, kk or en.
select article_id, url, lang
from articles
where ($load_id is null or load_id = $load_id)
  and (lang is null or lang not in ('ru', 'kk', 'en'))
