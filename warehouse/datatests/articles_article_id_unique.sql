-- Each article is one row: article_id is the key every load merges on.
select article_id, count(*) as copies
from articles
where $load_id is null or article_id in (select article_id from articles where load_id = $load_id)
group by article_id
having count(*) > 1
