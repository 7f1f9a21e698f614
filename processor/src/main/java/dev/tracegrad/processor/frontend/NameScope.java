package dev.tracegrad.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Java's scoping of simple names in an annotated method's body, computed from declarations alone
 * (front end). Bodies are not attributed during annotation processing, and asking javac to
 * resolve a body tree ({@code Trees.getElement}) attributes the whole enclosing class as a side
 * effect; so the few names the DSL needs (the types {@code Ops}, {@code Math}, {@code Matrix}
 * and statically imported methods) are resolved here by the rules of JLS 6.4 and 7.5, from the
 * enclosing classes' members, the compilation unit's imports and the package.
 */
final class NameScope {
  static final String JAVA_LANG = "java.lang";

  private final Elements elements;
  private final List<TypeElement> enclosing = new ArrayList<>();
  private final String packageName;
  private final List<ImportTree> imports;
  private final Map<String, Optional<String>> typeCache = new HashMap<>();

  /**
   * @param type the class declaring the annotated method
   * @param unit the compilation unit it is declared in (its imports)
   */
  NameScope(Elements elements, TypeElement type, CompilationUnitTree unit) {
    this.elements = elements;
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      enclosing.add(t);
    }
    this.packageName = elements.getPackageOf(type).getQualifiedName().toString();
    this.imports = List.copyOf(unit.getImports());
  }

  Elements elements() {
    return elements;
  }

  /** The innermost class declaring the method, then its enclosing classes. */
  List<TypeElement> enclosing() {
    return List.copyOf(enclosing);
  }

  /** The top-level class the method is declared in. */
  TypeElement topLevel() {
    return enclosing.get(enclosing.size() - 1);
  }

  /**
   * The field a simple name denotes when it is no local or parameter: a field of the innermost
   * enclosing class that has one (inherited included), else a statically imported one.
   */
  Optional<VariableElement> field(String name) {
    for (TypeElement t : enclosing) {
      for (Element member : elements.getAllMembers(t)) {
        if (member.getKind() == ElementKind.FIELD && member.getSimpleName().contentEquals(name)) {
          return Optional.of((VariableElement) member);
        }
      }
    }
    for (String owner : staticImportOwners(name)) {
      TypeElement type = elements.getTypeElement(owner);
      if (type != null) {
        for (Element member : elements.getAllMembers(type)) {
          if (member.getKind() == ElementKind.FIELD && member.getModifiers().contains(Modifier.STATIC)
              && member.getSimpleName().contentEquals(name)) {
            return Optional.of((VariableElement) member);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The methods of this name of the innermost enclosing class that has any (inherited included). */
  List<ExecutableElement> methods(String name) {
    for (TypeElement t : enclosing) {
      List<ExecutableElement> found = methodsOf(t, name);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  /** The methods of this name that a type has, inherited included. */
  List<ExecutableElement> methodsOf(TypeElement t, String name) {
    List<ExecutableElement> found = new ArrayList<>();
    for (Element member : elements.getAllMembers(t)) {
      if (member.getKind() == ElementKind.METHOD && member.getSimpleName().contentEquals(name)) {
        found.add((ExecutableElement) member);
      }
    }
    return found;
  }

  /** The owners of single-static-imports or on-demand static imports offering a member of this name. */
  private Set<String> staticImportOwners(String name) {
    Set<String> out = new LinkedHashSet<>();
    for (ImportTree i : imports) {
      if (i.isStatic() && i.getQualifiedIdentifier() instanceof MemberSelectTree ms) {
        String member = ms.getIdentifier().toString();
        if (member.equals(name) || member.equals("*")) {
          out.add(dottedName(ms.getExpression()));
        }
      }
    }
    return out;
  }

  /** Whether an enclosing class (inherited members included) has a method of this name. */
  boolean classHasMethod(String name) {
    return enclosingMember(name, ElementKind.METHOD);
  }

  /** Whether an enclosing class has a field named so; such a field obscures a type name. */
  boolean classHasField(String name) {
    return enclosingMember(name, ElementKind.FIELD);
  }

  /**
   * The canonical name of the type a simple name denotes in the method's body, or empty when
   * it denotes none (or is ambiguous). Order: member types of the enclosing classes, single-type
   * imports, the package, then type-import-on-demand and {@code java.lang}.
   */
  Optional<String> type(String simpleName) {
    return typeCache.computeIfAbsent(simpleName, this::resolveType);
  }

  /**
   * The classes whose static method {@code name} is in scope through static imports: the
   * single-static-imports naming it, or, if there are none, every on-demand static import whose
   * class has such a method. javac resolves overloads across all of them.
   */
  Set<String> staticImportsOf(String name, Set<String> classesKnownToHaveIt) {
    Set<String> single = new LinkedHashSet<>();
    Set<String> onDemand = new LinkedHashSet<>();
    for (ImportTree i : imports) {
      if (!i.isStatic() || !(i.getQualifiedIdentifier() instanceof MemberSelectTree ms)) {
        continue;
      }
      String owner = dottedName(ms.getExpression());
      String member = ms.getIdentifier().toString();
      if (member.equals(name)) {
        single.add(owner);
      } else if (member.equals("*")
          && (classesKnownToHaveIt.contains(owner) || hasStaticMethod(owner, name))) {
        onDemand.add(owner);
      }
    }
    return single.isEmpty() ? onDemand : single;
  }

  private Optional<String> resolveType(String simpleName) {
    for (TypeElement t : enclosing) {
      for (Element member : elements.getAllMembers(t)) {
        if (isType(member) && member.getSimpleName().contentEquals(simpleName)) {
          return Optional.of(((TypeElement) member).getQualifiedName().toString());
        }
      }
    }
    for (ImportTree i : imports) {
      if (!i.isStatic() && i.getQualifiedIdentifier() instanceof MemberSelectTree ms
          && ms.getIdentifier().contentEquals(simpleName)) {
        return Optional.ofNullable(dottedName(ms));
      }
    }
    String inPackage = packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
    if (elements.getTypeElement(inPackage) != null) {
      return Optional.of(inPackage);
    }
    Set<String> found = new LinkedHashSet<>();
    List<String> onDemand = new ArrayList<>();
    for (ImportTree i : imports) {
      if (!i.isStatic() && i.getQualifiedIdentifier() instanceof MemberSelectTree ms
          && ms.getIdentifier().contentEquals("*")) {
        onDemand.add(dottedName(ms.getExpression()));
      }
    }
    onDemand.add(JAVA_LANG);
    for (String container : onDemand) {
      if (elements.getTypeElement(container + "." + simpleName) != null) {
        found.add(container + "." + simpleName);
      }
    }
    // Two on-demand imports offering the same simple name make it ambiguous: javac rejects it.
    return found.size() == 1 ? Optional.of(found.iterator().next()) : Optional.empty();
  }

  private boolean enclosingMember(String name, ElementKind kind) {
    for (TypeElement t : enclosing) {
      for (Element member : elements.getAllMembers(t)) {
        if (member.getKind() == kind && member.getSimpleName().contentEquals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean hasStaticMethod(String className, String name) {
    TypeElement type = elements.getTypeElement(className);
    if (type == null) {
      return false;
    }
    for (Element member : elements.getAllMembers(type)) {
      if (member.getKind() == ElementKind.METHOD && member.getModifiers().contains(Modifier.STATIC)
          && member.getSimpleName().contentEquals(name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isType(Element e) {
    return e.getKind().isClass() || e.getKind().isInterface();
  }

  /** The dotted text of a name such as {@code dev.tracegrad.Ops}; null for any other tree. */
  static String dottedName(Tree tree) {
    if (tree instanceof IdentifierTree id) {
      return id.getName().toString();
    }
    if (tree instanceof MemberSelectTree ms) {
      String left = dottedName(ms.getExpression());
      return left == null ? null : left + "." + ms.getIdentifier();
    }
    return null;
  }
}
