-- outlet_key knows the agencies as Chinese, Japanese, Korean and Arabic copy names them
-- (路透社, ロイター, 로이터, رويترز: Reuters; 美联社: AP; 法新社: AFP; 新华社: Xinhua; ...), as
-- tracker.attribution.KNOWN_OUTLETS does (a test checks that the two agree): a Chinese page
-- that opens "据路透社北京7月8日报道" credits Reuters. Otherwise as migration 011. Credits
-- stored before keep the keys they were read with until their articles are ingested again.
CREATE OR REPLACE MACRO outlet_key(src) AS CASE
    WHEN src IS NULL THEN NULL
    WHEN regexp_matches(regexp_replace(lower(src), '^\s+|\s+$', '', 'g'), '://|\.[a-z]{2,}(/|$)') THEN nullif(
        regexp_extract(regexp_replace(strip_accents(
            CASE WHEN split_part(outlet_host(src), '.', 1) = 'news' AND split_part(outlet_host(src), '.', 3) <> ''
                      AND split_part(outlet_host(src), '.', 2) NOT IN ('com', 'co', 'net', 'org', 'gov', 'ac', 'edu')
                 THEN split_part(outlet_host(src), '.', 2)
                 ELSE split_part(outlet_host(src), '.', 1) END), '-', '', 'g'),
            '^\s*(\S*)', 1),
        '')
    ELSE nullif(coalesce(
        [
        'reuters', 'reuters', 'reuters', 'apnews', 'apnews', 'afp', 'afp', 'afp', 'afp',
        'bloomberg', 'bloomberg', 'tass', 'tass', 'tass', 'ria', 'ria', 'ria', 'interfax',
        'interfax', 'xinhuanet', 'dpa', 'dpa', 'efe', 'ansa', 'kyodonews', 'kyodonews', 'yna',
        'aa', 'aa', 'upi', 'upi', 'ptinews', 'ptinews', 'aninews', 'cnn', 'bbc', 'bbc',
        'aljazeera', 'cnbc', 'npr', 'nbcnews', 'cbsnews', 'abcnews', 'foxnews', 'sky', 'nytimes',
        'nytimes', 'washingtonpost', 'wsj', 'wsj', 'ft', 'ft', 'theguardian', 'thetimes',
        'telegraph', 'economist', 'politico', 'axios', 'dw', 'dw', 'france24', 'euronews', 'rferl',
        'rferl', 'meduza', 'kommersant', 'vedomosti', 'iz', 'rbc', 'inosmi', 'inosmi',
        'novayagazeta', 'kyivindependent', 'ukrinform', 'unian', 'pravda', 'themoscowtimes',
        'sputnikglobe', 'rt', 'scmp', 'scmp', 'nikkei', 'lemonde', 'spiegel', 'spiegel', 'reuters',
        'reuters', 'reuters', 'reuters', 'reuters', 'apnews', 'apnews', 'apnews', 'apnews', 'afp',
        'afp', 'afp', 'xinhuanet', 'xinhuanet', 'xinhuanet', 'bloomberg', 'bloomberg', 'bloomberg',
        'bloomberg', 'kyodonews', 'kyodonews', 'yna', 'tass'
        ][list_position([
        'reuters', 'thomson reuters', 'рейтер', 'associated press', 'ap', 'agence france-presse',
        'agence france presse', 'france-presse', 'afp', 'bloomberg', 'bloomberg news', 'tass',
        'itar-tass', 'тасс', 'ria novosti', 'ria', 'риа новости', 'interfax', 'интерфакс',
        'xinhua', 'dpa', 'deutsche presse-agentur', 'efe', 'ansa', 'kyodo', 'kyodo news', 'yonhap',
        'anadolu', 'anadolu agency', 'upi', 'united press international', 'press trust of india',
        'pti', 'ani', 'cnn', 'bbc', 'bbc news', 'al jazeera', 'cnbc', 'npr', 'nbc news',
        'cbs news', 'abc news', 'fox news', 'sky news', 'new york times', 'nyt', 'washington post',
        'wall street journal', 'wsj', 'financial times', 'ft', 'guardian', 'times', 'telegraph',
        'economist', 'politico', 'axios', 'deutsche welle', 'dw', 'france 24', 'euronews',
        'radio free europe/radio liberty', 'rfe/rl', 'meduza', 'kommersant', 'vedomosti',
        'izvestia', 'rbc', 'inosmi', 'иносми', 'novaya gazeta', 'kyiv independent', 'ukrinform',
        'unian', 'ukrainska pravda', 'moscow times', 'sputnik', 'rt', 'south china morning post',
        'scmp', 'nikkei', 'le monde', 'der spiegel', 'spiegel', '路透社', '路透', 'ロイター', '로이터',
        'رويترز', '美联社', '美聯社', 'ap通信', 'أسوشيتد برس', '法新社', 'afp通信', 'فرانس برس', '新华社', '新華社',
        '新華社通信', '彭博社', '彭博', 'ブルームバーグ', 'بلومبرغ', '共同社', '共同通信', '연합뉴스', '塔斯社'
        ], regexp_replace(regexp_replace(lower(src), '^\s+|\s+$', '', 'g'), '^the\s+', ''))],
        regexp_replace(strip_accents(regexp_replace(regexp_replace(lower(src), '^\s+|\s+$', '', 'g'), '^the\s+', '')),
                       '[^\p{L}\p{N}_]', '', 'g')), '')
END;
