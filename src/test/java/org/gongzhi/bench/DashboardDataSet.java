package org.gongzhi.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import javax.sql.DataSource;

/**
 * The benchmark's data set, written by PostgreSQL itself ({@code generate_series}, a few statements, no row-by-row
 * inserts) into the tables the dashboard reads: {@code complaint} and {@code sla_deadline}.
 *
 * <p>Every case follows a path through the tiers — community only (most), escalated to the street, on to the district,
 * or handed from the district to a city department; a few are withdrawn — and gets the deadlines the process opens
 * at each tier (REPLY and RESOLVE, durations as configured: 24 h to reply, 3/5/7/15 days to resolve), closed the way
 * the process closes them (MET, MET_LATE, ESCALATED, HANDED_OVER, CANCELLED), breached when they ended at or after
 * their due time. Communities are drawn from all communities of the tree, so a district's queries must filter.
 *
 * <ul>
 *   <li>historic cases ({@code BH-…}): arrived over the last 12 months, all finished; ~95 % replied in time, ~97 %
 *       resolved, ~62 % of the resolved rated 1–5 (~75 % of ratings 4–5); ~5 % of their deadlines breached;</li>
 *   <li>open cases ({@code BO-…}): still IN_PROGRESS at some tier, with that tier's RESOLVE deadline open (~65 % in
 *       time, ~20 % past the warning, ~15 % past due) and, for some, the REPLY deadline too.</li>
 * </ul>
 * The random numbers are seeded, so the same "now" gives the same data set.
 */
final class DashboardDataSet {

  static final String HISTORIC_PREFIX = "BH-";
  static final String OPEN_PREFIX = "BO-";

  private DashboardDataSet() {
  }

  /** Writes {@code historic} finished and {@code open} open complaints with their deadlines, as of {@code now}, then ANALYZE. */
  static void generate(DataSource dataSource, LocalDateTime now, int historic, int open) throws SQLException {
    String nowLiteral = "timestamp '" + now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + "'";
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute("select setseed(0.20261123)"); // same session for everything below: temp tables and the seeded random()
      for (String sql : new String[] {COMMUNITIES, CASE_TABLE, HISTORIC, OPEN, COMPLAINTS, DEADLINES}) {
        st.execute(sql.replace("{now}", nowLiteral).replace("{historic}", String.valueOf(historic))
            .replace("{open}", String.valueOf(open)));
      }
      st.execute("drop table bench_case, bench_comm");
      st.execute("analyze complaint");
      st.execute("analyze sla_deadline");
    }
  }

  /** Every community of the tree with its street and district. */
  private static final String COMMUNITIES = """
      create temp table bench_comm as
      select (row_number() over (order by c.code) - 1)::int as idx, c.code as community, s.code as street, d.code as district
      from jurisdiction_node c
        join jurisdiction_node s on s.code = c.parent_code
        join jurisdiction_node d on d.code = s.parent_code
      where c.level = 'COMMUNITY'""";

  /**
   * One row per case: its path (C community, S street, SD district, SDX department, W withdrawn) and the moments of its
   * life: replies at each tier, the moments it left a tier (e1 community, e2 street, e3 district), resolution, rating, close.
   */
  private static final String CASE_TABLE = """
      create temp table bench_case (
        n int, case_number varchar(32), is_open boolean, path varchar(4), community varchar(32), street varchar(32),
        district varchar(32), department varchar(32), cat int, score int,
        created timestamp, reply1 timestamp, e1 timestamp, reply2 timestamp, e2 timestamp, reply3 timestamp, e3 timestamp,
        reply4 timestamp, resolved timestamp, withdrawn timestamp, rated timestamp, closed timestamp)""";

  /** Historic cases, in hours after arrival; the arrival is then placed in the last 365 days so that the case ended before now. */
  private static final String HISTORIC = """
      insert into bench_case
      with r as materialized (
        select i, random() as r_comm, random() as r_time, random() as r_path, random() as r_reply, random() as r_reply_t,
          random() as r_esc, random() as r_esc_t, random() as r_e2, random() as r_e3, random() as r_reply2, random() as r_res,
          random() as r_res_t, random() as r_rate, random() as r_rate_t, random() as r_score, random() as r_cat, random() as r_dept
        from generate_series(1, {historic}) as i),
      p as (
        select r.*,
          case when r_path < 0.90 then 'C' when r_path < 0.95 then 'S' when r_path < 0.965 then 'SD' when r_path < 0.98 then 'SDX'
            else 'W' end as path,
          -- first reply: in time (24 h) for ~95.5 %, else up to two days late
          case when r_reply < 0.955 then 0.25 + r_reply_t * 23.5 else 25 + r_reply_t * 47 end as reply1_h
        from r),
      e1 as (
        -- leaving the community: at the resolution deadline (breached) for a third, earlier for the rest
        select p.*, case when path in ('S', 'SD', 'SDX') then
            case when r_esc < 0.35 then 72.0 else greatest(reply1_h, 12 + r_esc_t * 59) end end as e1_h
        from p),
      e2 as (select e1.*, case when path in ('SD', 'SDX') then e1_h + 24 + r_e2 * 95 end as e2_h from e1),
      e3 as (select e2.*, case when path = 'SDX' then e2_h + 12 + r_e3 * 150 end as e3_h from e2),
      res as (
        -- resolution at the last tier: in time for ~96.5 % at the community, ~90 % above, else late
        select e3.*,
          case path
            when 'C' then case when r_res < 0.965 then greatest(reply1_h, 2 + r_res_t * 69.5) else 73 + r_res_t * 96 end
            when 'S' then e1_h + case when r_res < 0.9 then 3 + r_res_t * 116 else 121 + r_res_t * 72 end
            when 'SD' then e2_h + case when r_res < 0.9 then 6 + r_res_t * 161 else 169 + r_res_t * 72 end
            when 'SDX' then e3_h + case when r_res < 0.9 then 24 + r_res_t * 335 else 361 + r_res_t * 120 end
          end as res_h,
          case when path = 'W' then greatest(reply1_h, 1 + r_res_t * 60) end as withdrawn_h
        from e3),
      rt as (select res.*, case when res_h is not null and r_rate < 0.62 then res_h + 1 + r_rate_t * 150 end as rated_h from res),
      fin as (
        select rt.*,
          coalesce(rated_h, res_h + 168, withdrawn_h) as closed_h,  -- unrated: closed when the rating period (7 days) ends
          {now} - greatest(r_time * 8760, coalesce(rated_h, res_h, withdrawn_h) + 1) * interval '1 hour' as t0
        from rt)
      select i, 'BH-' || lpad(i::text, 6, '0'), false, path, c.community, c.street, c.district,
        d.depts[1 + floor(r_dept * array_length(d.depts, 1))::int], floor(r_cat * 9)::int,
        case when r_score < 0.06 then 1 when r_score < 0.13 then 2 when r_score < 0.25 then 3 when r_score < 0.55 then 4 else 5 end,
        t0,
        t0 + reply1_h * interval '1 hour',
        t0 + e1_h * interval '1 hour',
        t0 + case when e1_h is not null then least(e1_h + 0.5 + r_reply2 * 20, coalesce(e2_h, res_h)) end * interval '1 hour',
        t0 + e2_h * interval '1 hour',
        t0 + case when e2_h is not null then least(e2_h + 0.5 + r_reply2 * 20, coalesce(e3_h, res_h)) end * interval '1 hour',
        t0 + e3_h * interval '1 hour',
        t0 + case when e3_h is not null then least(e3_h + 0.5 + r_reply2 * 20, res_h) end * interval '1 hour',
        t0 + res_h * interval '1 hour',
        t0 + withdrawn_h * interval '1 hour',
        t0 + rated_h * interval '1 hour',
        case when t0 + closed_h * interval '1 hour' <= {now} then t0 + closed_h * interval '1 hour' end
      from fin
        join bench_comm c on c.idx = floor(r_comm * (select count(*) from bench_comm))::int
        cross join (select array_agg(code order by code) as depts from jurisdiction_node where level = 'DEPARTMENT') d""";

  /**
   * Open cases: the current tier's resolution clock has run for a share f of its duration (f < 0.75 in time, 0.75–1
   * at risk, above 1 breached); the earlier tiers lie before it. The current tier's reply is missing for half of the
   * cases younger than a day (open deadline) and for 8 % of the older ones (breached).
   */
  private static final String OPEN = """
      insert into bench_case
      with r as materialized (
        select i, random() as r_comm, random() as r_path, random() as r_state, random() as r_f, random() as r_reply,
          random() as r_reply_t, random() as r_l1, random() as r_l1t, random() as r_l2, random() as r_l3, random() as r_prev,
          random() as r_cat, random() as r_dept
        from generate_series(1, {open}) as i),
      p as (
        select r.*,
          case when r_path < 0.86 then 'C' when r_path < 0.95 then 'S' when r_path < 0.98 then 'SD' else 'SDX' end as path,
          case when r_state < 0.65 then r_f * 0.75 when r_state < 0.85 then 0.75 + r_f * 0.25 else 1 + r_f * 2 end as f,
          case when r_l1 < 0.35 then 72.0 else 12 + r_l1t * 59 end as l1_h,
          24 + r_l2 * 95 as l2_h,
          12 + r_l3 * 150 as l3_h
        from r),
      h as (
        select p.*, f * case path when 'C' then 72 when 'S' then 120 when 'SD' then 168 else 360 end as elapsed_h,
          case path when 'C' then 0 when 'S' then l1_h when 'SD' then l1_h + l2_h else l1_h + l2_h + l3_h end as before_h
        from p),
      t as (
        select h.*, {now} - (elapsed_h + before_h) * interval '1 hour' as t0,
          case when (elapsed_h < 24 and r_reply < 0.5) or (elapsed_h >= 24 and r_reply < 0.08) then null
            else least(elapsed_h, 23.5) * r_reply_t end as reply_cur_h  -- hours after the current tier took the case
        from h)
      select {historic} + i, 'BO-' || lpad(i::text, 6, '0'), true, path, c.community, c.street, c.district,
        d.depts[1 + floor(r_dept * array_length(d.depts, 1))::int], floor(r_cat * 9)::int, null,
        t0,
        case when path = 'C' then t0 + reply_cur_h * interval '1 hour' else t0 + least(l1_h, 0.25 + r_prev * 23.5) * interval '1 hour' end,
        case when path <> 'C' then t0 + l1_h * interval '1 hour' end,
        case path when 'S' then t0 + (l1_h + reply_cur_h) * interval '1 hour'
          when 'C' then null else t0 + (l1_h + least(l2_h, 0.5 + r_prev * 20)) * interval '1 hour' end,
        case when path in ('SD', 'SDX') then t0 + (l1_h + l2_h) * interval '1 hour' end,
        case path when 'SD' then t0 + (l1_h + l2_h + reply_cur_h) * interval '1 hour'
          when 'SDX' then t0 + (l1_h + l2_h + least(l3_h, 0.5 + r_prev * 20)) * interval '1 hour' end,
        case when path = 'SDX' then t0 + (l1_h + l2_h + l3_h) * interval '1 hour' end,
        case when path = 'SDX' then t0 + (l1_h + l2_h + l3_h + reply_cur_h) * interval '1 hour' end,
        null, null, null, null
      from t
        join bench_comm c on c.idx = floor(r_comm * (select count(*) from bench_comm))::int
        cross join (select array_agg(code order by code) as depts from jurisdiction_node where level = 'DEPARTMENT') d""";

  private static final String COMPLAINTS = """
      insert into complaint (case_number, community_code, category, title, description, reporter_name, reporter_phone,
        reporter_locale, channel, status, tier, handling_node_code, reopen_count, resolved_tier, rating_score, rating_comment,
        created_at, updated_at, resolved_at, rated_at, closed_at, first_reply_due_at, first_replied_at)
      select b.case_number, b.community,
        (array['public-facilities', 'environment', 'property-management', 'traffic', 'noise', 'safety', 'merchant', 'suggestion',
          'other'])[1 + b.cat],
        tt.title || '（' || b.case_number || '）',
        '基准测试数据：' || tt.title || '，请尽快处理。',
        (array['王芳', '李娜', '张伟', '刘洋', '陈静', '杨磊', '赵敏', '黄勇'])[1 + b.n % 8],
        '13' || (b.n % 10)::text || lpad((b.n * 7919 % 100000000)::text, 8, '0'),
        case when b.n % 50 = 0 then 'en' else 'zh-CN' end,
        (array['wechat', 'wechat', 'wechat', 'hotline-12345', 'hotline-12345', 'district-app', 'tv-terminal'])[1 + b.n % 7],
        case when b.is_open then 'IN_PROGRESS' when b.closed is not null then 'CLOSED' else 'RESOLVED' end,
        tier.name, tier.node, 0,
        case when b.resolved is not null then tier.name end,
        case when b.rated is not null then b.score end,
        case when b.rated is not null and b.n % 5 = 0 then '处理及时，谢谢' end,
        b.created,
        greatest(b.created, b.reply1, b.e1, b.reply2, b.e2, b.reply3, b.e3, b.reply4, b.resolved, b.withdrawn, b.rated, b.closed),
        b.resolved, b.rated, b.closed,
        b.created + interval '24 hours', b.reply1
      from bench_case b
        cross join lateral (select case b.path when 'S' then 'STREET' when 'SD' then 'DISTRICT' when 'SDX' then 'DEPARTMENT'
                                    else 'COMMUNITY' end as name,
                                   case b.path when 'S' then b.street when 'SD' then b.district when 'SDX' then b.department
                                    else b.community end as node) tier
        cross join lateral (select (array['路灯不亮', '楼道堆放杂物', '小区噪音扰民', '垃圾清运不及时', '井盖破损', '电梯故障',
                                          '违章停车堵塞消防通道', '供暖温度不达标', '占道经营', '绿化带无人修剪', '屋顶漏水',
                                          '餐馆油烟扰民'])[1 + b.n % 12] as title) tt
      order by b.created""";

  /**
   * The deadlines of every tier a case went through: REPLY and RESOLVE, warning at 75 %, breached when the deadline
   * ended (or, still open, now is) at or after its due time; the one still open has no end.
   */
  private static final String DEADLINES = """
      insert into sla_deadline (process_key, case_ref, kind, tier, node_code, started_at, warn_at, due_at, warned_at, met_at,
        breached_at, closed_at, outcome, holder)
      select 'complaint-escalation', d.case_ref, d.kind, d.tier, d.node, d.started,
        d.started + d.hours * 0.75 * interval '1 hour', d.started + d.hours * interval '1 hour',
        case when coalesce(d.ended, {now}) >= d.started + d.hours * 0.75 * interval '1 hour'
          then d.started + d.hours * 0.75 * interval '1 hour' end,
        case when d.met then d.ended end,
        case when coalesce(d.ended, {now}) >= d.started + d.hours * interval '1 hour' then d.started + d.hours * interval '1 hour' end,
        d.ended,
        case when d.ended is null then null
          when d.outcome is not null then d.outcome
          when d.ended > d.started + d.hours * interval '1 hour' then 'MET_LATE' else 'MET' end,
        case when coalesce(d.ended, {now}) >= d.started + d.hours * interval '1 hour' then 'staff-' || d.node end
      from (
        select case_number as case_ref, 'REPLY' as kind, 'COMMUNITY' as tier, community as node, created as started, 24 as hours,
          reply1 as ended, true as met, null as outcome
        from bench_case
        union all
        select case_number, 'RESOLVE', 'COMMUNITY', community, created, 72, coalesce(e1, resolved, withdrawn), path = 'C',
          case when path = 'W' then 'CANCELLED' when e1 is not null then 'ESCALATED' end
        from bench_case
        union all
        select case_number, 'REPLY', 'STREET', street, e1, 24, reply2, true, null from bench_case where e1 is not null
        union all
        select case_number, 'RESOLVE', 'STREET', street, e1, 120, coalesce(e2, resolved), path = 'S',
          case when e2 is not null then 'ESCALATED' end
        from bench_case where e1 is not null
        union all
        select case_number, 'REPLY', 'DISTRICT', district, e2, 24, reply3, true, null from bench_case where e2 is not null
        union all
        select case_number, 'RESOLVE', 'DISTRICT', district, e2, 168, coalesce(e3, resolved), path = 'SD',
          case when e3 is not null then 'HANDED_OVER' end
        from bench_case where e2 is not null
        union all
        select case_number, 'REPLY', 'DEPARTMENT', department, e3, 24, reply4, true, null from bench_case where e3 is not null
        union all
        select case_number, 'RESOLVE', 'DEPARTMENT', department, e3, 360, resolved, true, null from bench_case where e3 is not null
      ) d
      order by d.started""";
}
