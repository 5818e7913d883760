-- Fill a benchmark database with :rows statements of varied region,
-- organisations and names, for benchmarks/wall_plans.py (see its
-- docstring). Run after `migrate` on an empty database whose wall is page
-- :page (2 in a new database: Wagtail's first page, enough for EXPLAIN).
--
-- Saves the definitions of the statement table's secondary indexes (those
-- that back no constraint), drops them, inserts the rows in one statement
-- and builds the same indexes again: whatever the migrations created, the
-- filled table carries exactly that. The trigram indexes of migration 0002
-- on UPPER(name) and UPPER(alias) are left out (the wall does not read
-- them; each costs minutes to build).
--
-- 98 % published, one every 9 seconds back from now (so one day holds about
-- 9,600). Regions: 40 % not given, Tibet (xz) in 1 row of 100,000, Qinghai
-- (qh) in 1 of 1,000, the rest spread over the other 32. Organisations:
-- the party in 1 row of 1,000, the youth league in half, the young pioneers
-- in all but 1 of 100 (rows with the youth league). Names: 5 % pinyin, the others two or three Chinese
-- characters; "jan kowalski" in 1 row of 2,000,000; 30 % with one of four
-- texts, "我来自西宁。" in 1 row of 1,000,000. The search text is written
-- already folded (the data is Simplified and lower-case).
\timing on
CREATE TEMP TABLE saved_indexes AS
  SELECT indexname, indexdef FROM pg_indexes
  WHERE tablename = 'wagtail_tuidang_statement'
    AND indexname NOT IN (SELECT conname FROM pg_constraint)
    AND indexname NOT IN ('tuidang_stmt_alias_trgm', 'tuidang_stmt_name_trgm');
SELECT indexname FROM saved_indexes ORDER BY 1;
DO $$
DECLARE name text;
BEGIN
  FOR name IN SELECT indexname FROM pg_indexes
      WHERE tablename = 'wagtail_tuidang_statement'
        AND indexname NOT IN (SELECT conname FROM pg_constraint) LOOP
    EXECUTE format('DROP INDEX %I', name);
  END LOOP;
END $$;
SELECT setseed(0.42);
INSERT INTO wagtail_tuidang_statement (
  public_id, name, alias, is_real_name, consent_real_name, real_name_confirmed,
  quit_party, quit_youth_league, quit_young_pioneers, people_count, region, text,
  language, declared_on, status, source, submitted_at, published_at, decided_at,
  public_reason, fingerprint, flag_duplicate, flag_rate_limited, flag_honeypot,
  flag_too_fast, contact_encrypted, index_page_id, internal_note,
  flag_rate_limit_unknown, search_text, flag_flood, flag_no_proof,
  flag_replayed)
SELECT 'b' || g.i, x.name, '', false, false, false,
  g.i % 1000 = 1, g.i % 2 = 0, g.i % 100 <> 2, 1,
  CASE WHEN g.i % 100000 = 7 THEN 'xz'
       WHEN g.i % 1000 = 3 THEN 'qh'
       WHEN x.r < 0.4 THEN ''
       ELSE (ARRAY['bj','tj','he','sx','nm','ln','jl','hl','sh','js','zj','ah',
                   'fj','jx','sd','ha','hb','hn','gd','gx','hi','cq','sc','gz',
                   'yn','sn','gs','nx','xj','hk','mo','tw'])[1 + least(floor((x.r - 0.4) / 0.6 * 32)::int, 31)]
  END,
  x.text, 'zh-hans', (now() - g.i * interval '9 seconds')::date,
  CASE WHEN g.i % 50 = 0 THEN 'pending' ELSE 'published' END, 'web',
  now() - g.i * interval '9 seconds',
  CASE WHEN g.i % 50 = 0 THEN NULL ELSE now() - g.i * interval '9 seconds' END,
  now() - g.i * interval '9 seconds', '', '', false, false, false, false, '',
  :page, '', false, x.name || E'\n' || x.text, false, false, false
FROM generate_series(1, :rows) AS g(i)
CROSS JOIN LATERAL (
  SELECT random() AS r,
    CASE WHEN g.i % 2000000 = 11 THEN 'jan kowalski'
      WHEN random() < 0.05
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
    CASE WHEN g.i % 1000000 = 13 THEN '我来自西宁。'
      WHEN random() < 0.7 THEN ''
      ELSE (ARRAY['我声明退出中共及其相关组织。',
                  '本人郑重声明：退出中国共产党、共青团、少先队，抹去兽印。',
                  '声明退出少先队，不再受骗。',
                  'i hereby quit the ccp and all its organisations.']
           )[1 + floor(random() * 4)::int]
    END AS text
  WHERE g.i > 0  -- evaluated once per row, not once for the whole query
) AS x;
SET maintenance_work_mem = '1GB';
DO $$
DECLARE definition text;
BEGIN
  FOR definition IN SELECT indexdef FROM saved_indexes LOOP
    RAISE NOTICE '%', definition;
    EXECUTE definition;
  END LOOP;
END $$;
VACUUM ANALYZE wagtail_tuidang_statement;
