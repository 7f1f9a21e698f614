package dev.tracegrad.processor.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runtime surface generated code calls, as {@link Types} describes it, against the runtime
 * jar and the JDK: every static member it lists exists, public and static, on its owner.
 */
class RuntimeSurfaceTest {

  @Test
  void everyListedStaticMemberExists() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<ClassName, List<String>> e : Types.STATIC_MEMBERS.entrySet()) {
      Class<?> owner = Class.forName(e.getKey().canonicalName());
      for (String member : e.getValue()) {
        if (!hasPublicStatic(owner, member)) {
          missing.add(owner.getName() + "." + member);
        }
      }
    }
    assertTrue(missing.isEmpty(), "not public static members: " + missing);
  }

  @Test
  void everyReferencedTypeExists() throws Exception {
    for (java.lang.reflect.Field f : Types.class.getDeclaredFields()) {
      if (f.getType() == ClassName.class) {
        f.setAccessible(true);
        Class.forName(((ClassName) f.get(null)).reflectionName());
      }
    }
  }

  private static boolean hasPublicStatic(Class<?> owner, String member) {
    for (Method m : owner.getMethods()) {
      if (m.getName().equals(member) && Modifier.isStatic(m.getModifiers())) {
        return true;
      }
    }
    for (Field f : owner.getFields()) {
      if (f.getName().equals(member) && Modifier.isStatic(f.getModifiers())) {
        return true;
      }
    }
    return false;
  }
}
