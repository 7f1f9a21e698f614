package dev.tracegrad.processor.lower;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Hands out distinct Java identifiers. Names are claimed in priority order (the user's parameters
 * first, then the gradient outputs, then the user's locals, then generated names), so a user's
 * name is only ever changed to avoid another of the user's names, and generated names step
 * aside for all of them.
 */
public final class UniqueNames {
  private final Set<String> taken = new HashSet<>();
  private final Map<String, Integer> counters = new HashMap<>();

  /** Marks a name as used, exactly as given (a parameter's own name). */
  public void reserve(String name) {
    taken.add(name);
  }

  /** The hint made a valid identifier, with "_" appended until it is free; claims it. */
  public String claim(String hint) {
    String name = identifier(hint);
    while (taken.contains(name) || SourceVersion.isKeyword(name)) {
      name = name + "_";
    }
    taken.add(name);
    return name;
  }

  /** The hint if it is free, else the first free of {@code hint2}, {@code hint3}, …; claims it. */
  public String fresh(String hint) {
    String base = identifier(hint);
    String name = base;
    for (int n = 2; taken.contains(name) || SourceVersion.isKeyword(name); n++) {
      name = base + n;
    }
    taken.add(name);
    return name;
  }

  /** The first free {@code prefix1}, {@code prefix2}, …; claims it. */
  public String numbered(String prefix) {
    String base = identifier(prefix);
    while (true) {
      int n = counters.merge(base, 1, Integer::sum);
      String name = base + n;
      if (!taken.contains(name)) {
        taken.add(name);
        return name;
      }
    }
  }

  /**
   * A valid Java identifier resembling {@code s}: characters that cannot appear in one become
   * '_'. Non-ASCII letters stay (a user's {@code α}); the emitted file escapes them.
   */
  public static String identifier(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(Character.isJavaIdentifierPart(c) && !Character.isIdentifierIgnorable(c) ? c : '_');
    }
    if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0))) {
      sb.insert(0, '_');
    }
    return sb.toString();
  }

  /** {@code name} with its first letter upper-cased ({@code luS} from "lu" + "S"). */
  public static String capitalised(String name) {
    if (name.isEmpty()) {
      return name;
    }
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
