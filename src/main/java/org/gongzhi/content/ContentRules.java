package org.gongzhi.content;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.gongzhi.sla.EngineTime;
import org.gongzhi.system.InvalidInputException;
import org.gongzhi.system.InvalidInputException.FieldProblem;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * What a version of the content must satisfy, wherever it comes from (API submission, API revision,
 * the Tasklist revision form): the same rules, the same field names and messages.
 */
@Component
public class ContentRules {

  private final ContentProperties properties;
  private final ChannelAdapters adapters;
  private final MessageSource messages;

  public ContentRules(ContentProperties properties, ChannelAdapters adapters, MessageSource messages) {
    this.properties = properties;
    this.adapters = adapters;
    this.messages = messages;
  }

  /**
   * Checks every field and reports all problems at once; HTML in the body is kept as written (it is
   * escaped wherever we show it).
   */
  public ContentDraft check(String title, String body, List<String> mediaUrls, List<String> targetChannels, Instant publishAt) {
    List<FieldProblem> problems = new ArrayList<>();
    if (title == null || title.isBlank()) {
      problems.add(new FieldProblem("title", "field.required"));
    } else if (title.strip().length() > properties.maxTitleLength()) {
      problems.add(new FieldProblem("title", "field.tooLong", properties.maxTitleLength()));
    }
    if (body == null || body.isBlank()) {
      problems.add(new FieldProblem("body", "field.required"));
    } else if (body.length() > properties.maxBodyLength()) {
      problems.add(new FieldProblem("body", "field.tooLong", properties.maxBodyLength()));
    }
    List<String> media = mediaUrls == null ? List.of() : mediaUrls.stream().filter(u -> u != null && !u.isBlank()).map(String::strip).toList();
    if (media.size() > properties.maxMediaUrls()) {
      problems.add(new FieldProblem("mediaUrls", "content.tooManyMedia", properties.maxMediaUrls()));
    }
    for (int i = 0; i < media.size(); i++) {
      if (!isHttpUrl(media.get(i))) {
        problems.add(new FieldProblem("mediaUrls[" + i + "]", "content.mediaUrl", media.get(i)));
      }
    }
    LinkedHashSet<String> channels = new LinkedHashSet<>();
    if (targetChannels == null || targetChannels.stream().allMatch(c -> c == null || c.isBlank())) {
      problems.add(new FieldProblem("targetChannels", "field.required"));
    } else {
      for (int i = 0; i < targetChannels.size(); i++) {
        String c = targetChannels.get(i) == null ? "" : targetChannels.get(i).strip();
        if (!properties.channels().containsKey(c)) {
          problems.add(new FieldProblem("targetChannels[" + i + "]", "content.unknownChannel", c, String.join(", ", properties.channels().keySet())));
        } else if (!adapters.isConnected(c)) {
          problems.add(new FieldProblem("targetChannels[" + i + "]", "content.channelNotConnected", c));
        } else {
          channels.add(c);
        }
      }
    }
    if (publishAt != null && publishAt.isBefore(EngineTime.now())) {
      problems.add(new FieldProblem("publishAt", "content.publishAtPast"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return new ContentDraft(title.strip(), body, media, List.copyOf(channels), publishAt);
  }

  /** One line per problem, Chinese then English: what the engine says when it refuses a Tasklist form. */
  public String describe(InvalidInputException e) {
    List<String> lines = new ArrayList<>();
    for (FieldProblem p : e.problems()) {
      String zh = messages.getMessage(p.code(), p.args(), p.code(), Locale.SIMPLIFIED_CHINESE);
      String en = messages.getMessage(p.code(), p.args(), p.code(), Locale.ENGLISH);
      lines.add(p.field() + "：" + zh + " / " + en);
    }
    return String.join("; ", lines);
  }

  static boolean isHttpUrl(String s) {
    return org.gongzhi.system.HttpUrls.isHttpUrl(s);
  }
}
