-- Every article has a title, a URL and a publication time (not null, not blank).
select article_id, url, title, published_at
from articles
where ($load_id is null or load_id = $load_id)
  and (
    title is null or trim(title) = ''
    or url is null or trim(url) = ''
    or published_at is null
  )
