-- Fill a benchmark database with :rows statements for benchmarks/search_plans.py
-- (see its docstring). Run after `migrate` on an empty database: it drops the
-- statement table's secondary indexes, inserts the rows in one statement,
-- and builds the indexes the wall's search and listing use again. The
-- trigram indexes of migration 0002 on UPPER(name) and UPPER(alias) are left
-- out: the wall's search does not read them. Wall: page 2 (Wagtail's first
-- page, enough for an EXPLAIN). 98% published, one every 9 seconds back
-- from now; 5% of the names in pinyin, the others two or three Chinese
-- characters; 30% with one of four texts. The search text is written
-- already folded (the data is Simplified and lower-case).
\timing on
DROP INDEX IF EXISTS tuidang_stmt_alias_trgm, tuidang_stmt_name_trgm,
  tuidang_stmt_search_trgm, tuidang_stmt_search_grams,
  tuidang_stmt_published_idx, tuidang_stmt_queue_idx,
  wagtail_tuidang_statement_fingerprint_8c267c6b,
  wagtail_tuidang_statement_fingerprint_8c267c6b_like,
  wagtail_tuidang_statement_index_page_id_18b90d0a,
  wagtail_tuidang_statement_public_id_eab6a245_like;
SELECT setseed(0.42);
INSERT INTO wagtail_tuidang_statement (
  public_id, name, alias, is_real_name, consent_real_name, real_name_confirmed,
  quit_party, quit_youth_league, quit_young_pioneers, people_count, region, text,
  language, declared_on, status, source, submitted_at, published_at, decided_at,
  public_reason, fingerprint, flag_duplicate, flag_rate_limited, flag_honeypot,
  flag_too_fast, contact_encrypted, index_page_id, internal_note,
  flag_rate_limit_unknown, search_text)
SELECT 'b' || g.i, x.name, '', false, false, false, true, true, true, 1, 'gd',
  x.text, 'zh-hans', (now() - g.i * interval '9 seconds')::date,
  CASE WHEN g.i % 50 = 0 THEN 'pending' ELSE 'published' END, 'web',
  now() - g.i * interval '9 seconds',
  CASE WHEN g.i % 50 = 0 THEN NULL ELSE now() - g.i * interval '9 seconds' END,
  now() - g.i * interval '9 seconds', '', '', false, false, false, false, '', 2,
  '', false, x.name || E'\n' || x.text
FROM generate_series(1, :rows) AS g(i)
CROSS JOIN LATERAL (
  SELECT CASE WHEN random() < 0.05
      THEN (ARRAY['wang','li','zhang','liu','chen','yang','huang','zhao','wu',
                  'zhou','xu','sun','ma','zhu','hu','guo','he','gao','lin','luo']
           )[1 + floor(random() * 20)::int]
        || ' ' || (ARRAY['wei','fang','min','jing','li','qiang','lei','jun','yang',
                         'yong','yan','jie','tao','ming','chao','xiu','xia','ping',
                         'gang','hua'])[1 + floor(random() * 20)::int]
        || (g.i % 997)::text
      ELSE substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
                  1 + floor(random() * 100)::int, 1)
        || substr('伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红娥建文辉力斌宇浩凯健俊帆帅旭宁龙林欣佳琪雪梅琳晨阳春光海波飞鹏志国庆东升云峰雷鸣亮成康立新忠义和德胜利福寿安乐荣贵富家兴永长宏伦翔鑫锋毅彬诚心善良智慧勤俭',
                  1 + floor(random() * 160)::int, 1 + floor(random() * 2)::int)
    END AS name,
    CASE WHEN random() < 0.7 THEN ''
      ELSE (ARRAY['我声明退出中共及其相关组织。',
                  '本人郑重声明：退出中国共产党、共青团、少先队，抹去兽印。',
                  '声明退出少先队，不再受骗。',
                  'i hereby quit the ccp and all its organisations.']
           )[1 + floor(random() * 4)::int]
    END AS text
  WHERE g.i > 0  -- evaluated once per row, not once for the whole query
) AS x;
SET maintenance_work_mem = '1GB';
CREATE INDEX tuidang_stmt_published_idx ON wagtail_tuidang_statement
  (index_page_id, published_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX tuidang_stmt_queue_idx ON wagtail_tuidang_statement (status, submitted_at);
CREATE INDEX wagtail_tuidang_statement_index_page_id_18b90d0a
  ON wagtail_tuidang_statement (index_page_id);
CREATE INDEX wagtail_tuidang_statement_fingerprint_8c267c6b
  ON wagtail_tuidang_statement (fingerprint);
CREATE INDEX tuidang_stmt_search_trgm ON wagtail_tuidang_statement
  USING gin (search_text gin_trgm_ops) WHERE status = 'published';
CREATE INDEX tuidang_stmt_search_grams ON wagtail_tuidang_statement
  USING gin (tuidang_grams(search_text)) WHERE status = 'published';
VACUUM ANALYZE wagtail_tuidang_statement;
