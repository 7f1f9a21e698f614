package dev.tracegrad.processor.frontend;

import dev.tracegrad.processor.diagnostic.Message;
import dev.tracegrad.processor.ir.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Validates an annotated method's declaration (front end, first step): modifiers, return and
 * parameter types, the {@code wrt} and {@code name} annotation values, and works out the names
 * of the source and the generated class. Consumes the {@link ExecutableElement}; produces a
 * {@link MethodSignature} and records errors in {@link Problems} on the exact element or
 * annotation value.
 */
final class SignatureReader {
  static final String MATRIX = "dev.tracegrad.Matrix";

  private final Elements elements;
  private final Problems problems;

  SignatureReader(Elements elements, Problems problems) {
    this.elements = elements;
    this.problems = problems;
  }

  /** Whether the method has a body the reader can look at (errors are recorded otherwise). */
  boolean checkKind(ExecutableElement method) {
    if (method.getKind() == ElementKind.CONSTRUCTOR) {
      problems.on(method, Message.CONSTRUCTOR);
      return false;
    }
    Set<Modifier> modifiers = method.getModifiers();
    if (modifiers.contains(Modifier.ABSTRACT) || modifiers.contains(Modifier.NATIVE)) {
      String what = modifiers.contains(Modifier.NATIVE) ? "native" : "abstract";
      problems.on(method, Message.NO_BODY, display(method), what);
      return false;
    }
    return true;
  }

  /**
   * Checks everything the declaration says and reads what later steps need. Each mistake is one
   * error on its own element; a parameter of a wrong type is left out of {@code params} and
   * listed in {@code badParams}, so that its uses in the body stay silent.
   */
  MethodSignature read(ExecutableElement method) {
    String display = display(method);
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      problems.on(method, Message.NOT_STATIC, display);
    }
    boolean returnsDouble = method.getReturnType().getKind() == TypeKind.DOUBLE;
    if (!returnsDouble) {
      problems.on(method, Message.WRONG_RETURN_TYPE, display, method.getReturnType());
    }
    if (!method.getTypeParameters().isEmpty()) {
      problems.on(method, Message.TYPE_PARAMETERS, display);
    }
    if (method.isVarArgs()) {
      problems.on(method, Message.VARARGS, display);
    }

    List<Parameter> params = new ArrayList<>();
    Set<String> badParams = new HashSet<>();
    Map<String, TypeMirror> dataTypes = new LinkedHashMap<>();
    List<MethodSignature.Declared> all = new ArrayList<>();
    List<? extends VariableElement> declared = method.getParameters();
    for (int i = 0; i < declared.size(); i++) {
      VariableElement p = declared.get(i);
      String name = p.getSimpleName().toString();
      all.add(new MethodSignature.Declared(name, JavaCopier.type(elements, p.asType())));
      ValueKind kind = kindOf(p.asType());
      if (kind == null) {
        // data of any type: it keeps its type in every generated method
        dataTypes.put(name, p.asType());
      } else {
        params.add(new Parameter(name, kind == ValueKind.MATRIX));
      }
    }

    AnnotationMirror annotation = annotationOf(method);
    List<Integer> wrt = readWrt(method, annotation, params, dataTypes, display);
    checkParameterSlots(method, declared, wrt, display);
    String generatedName = readGeneratedName(method, annotation);
    TypeElement type = (TypeElement) method.getEnclosingElement();
    return new MethodSignature(
        elements.getPackageOf(method).getQualifiedName().toString(),
        enclosingNames(type) + "#" + method.getSimpleName(),
        generatedName,
        params,
        wrt,
        badParams,
        returnsDouble,
        all);
  }

  /**
   * The default generated name: the enclosing classes' simple names from the top-level class
   * down, joined, then the method name capitalised, then {@code Gradient}; {@code
   * OuterInnerFGradient} for {@code Outer.Inner.f}, so that {@code A.Losses.f} and {@code
   * B.Losses.f} do not meet.
   */
  static String defaultName(TypeElement type, String methodName) {
    return defaultName(enclosingNames(type).replace(".", ""), methodName);
  }

  /** {@code LossesTwoLayerGradient} for class {@code Losses} (joined names) and {@code twoLayer}. */
  static String defaultName(String joinedClassNames, String methodName) {
    return joinedClassNames + capitalise(methodName) + "Gradient";
  }

  /** Upper-cases the first code point only ({@code twoLayer} → {@code TwoLayer}). */
  static String capitalise(String name) {
    if (name.isEmpty()) {
      return name;
    }
    int first = name.codePointAt(0);
    return new StringBuilder().appendCodePoint(Character.toUpperCase(first))
        .append(name, Character.charCount(first), name.length()).toString();
  }

  /** The JVM's limit on a method's parameter slots, {@code this} included. */
  static final int MAX_PARAMETER_SLOTS = 255;

  /**
   * The buffer-taking gradient takes every parameter plus one output per wrt parameter; a double
   * takes two slots. Past the JVM's limit javac would fail inside the generated file, so say it here.
   */
  private void checkParameterSlots(ExecutableElement method,
      List<? extends VariableElement> params, List<Integer> wrt, String display) {
    int slots = 1 + wrt.size();
    for (VariableElement p : params) {
      TypeKind kind = p.asType().getKind();
      slots += kind == TypeKind.DOUBLE || kind == TypeKind.LONG ? 2 : 1;
    }
    if (slots > MAX_PARAMETER_SLOTS) {
      problems.on(method, Message.TOO_MANY_PARAMETERS, display, slots, MAX_PARAMETER_SLOTS);
    }
  }

  /**
   * The wrt indices: the named parameters in the order named, or every Matrix parameter when
   * wrt is empty. Errors go on the offending array element, which javac can point at.
   */
  private List<Integer> readWrt(ExecutableElement method, AnnotationMirror annotation,
      List<Parameter> params, Map<String, TypeMirror> dataTypes, String display) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      index.put(params.get(i).name(), i);
    }
    List<Integer> wrt = new ArrayList<>();
    AnnotationValue value = explicitValue(annotation, "wrt");
    if (value != null && value.getValue() instanceof List<?> names && !names.isEmpty()) {
      Set<String> seen = new HashSet<>();
      for (Object o : names) {
        // javac wraps the single-element shorthand (wrt = "W") into a one-element list too.
        AnnotationValue element = (AnnotationValue) o;
        if (!(element.getValue() instanceof String name)) {
          continue; // not a constant: javac reports it
        }
        if (!seen.add(name)) {
          problems.on(method, annotation, element, Message.DUPLICATE_WRT, name);
        } else if (index.containsKey(name)) {
          wrt.add(index.get(name));
        } else if (dataTypes.containsKey(name)) {
          problems.on(method, annotation, element, Message.WRONG_PARAMETER_TYPE, name,
              dataTypes.get(name));
        } else {
          problems.on(method, annotation, element, Message.UNKNOWN_WRT, name, display,
              allParameterNames(method));
        }
      }
      return wrt;
    }
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).matrix()) {
        wrt.add(i);
      }
    }
    // A varargs method has its own error, which says what to write.
    if (wrt.isEmpty() && !method.isVarArgs()) {
      problems.on(method, Message.NOTHING_TO_DIFFERENTIATE, display);
    }
    return wrt;
  }

  /**
   * The simple name of the class the method asks for (name() if given and valid, else the
   * default), or null when that name is invalid (the error recorded in {@code problems}).
   */
  String generatedName(ExecutableElement method) {
    return readGeneratedName(method, annotationOf(method));
  }

  /** name() if given and valid, else the default; null after reporting an invalid name. */
  private String readGeneratedName(ExecutableElement method, AnnotationMirror annotation) {
    TypeElement type = (TypeElement) method.getEnclosingElement();
    AnnotationValue value = explicitValue(annotation, "name");
    if (value == null || !(value.getValue() instanceof String name) || name.isEmpty()) {
      return defaultName(type, method.getSimpleName().toString());
    }
    if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
      problems.on(method, annotation, value, Message.INVALID_NAME, name);
      return null;
    }
    // A generated top-level class may not share the name of a class it is nested in scope with.
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (t.getSimpleName().contentEquals(name)) {
        problems.on(method, annotation, value, Message.NAME_CLASH, name, t.getQualifiedName());
        return null;
      }
    }
    return name;
  }

  /** {@code Matrix} or {@code double}; null for anything else. */
  private static ValueKind kindOf(TypeMirror type) {
    if (type.getKind() == TypeKind.DOUBLE) {
      return ValueKind.SCALAR;
    }
    if (type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName()
            .contentEquals(MATRIX)) {
      return ValueKind.MATRIX;
    }
    return null;
  }

  private static AnnotationMirror annotationOf(ExecutableElement method) {
    for (AnnotationMirror m : method.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) m.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(ProgramReader.ANNOTATION)) {
        return m;
      }
    }
    return null;
  }

  /** The value the user wrote for an annotation member, or null when it is left at its default. */
  private static AnnotationValue explicitValue(AnnotationMirror annotation, String member) {
    if (annotation == null) {
      return null;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : annotation.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(member)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String allParameterNames(ExecutableElement method) {
    List<String> names = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      names.add(p.getSimpleName().toString());
    }
    return names.isEmpty() ? "(none)" : String.join(", ", names);
  }

  /** {@code Outer.Inner}: the enclosing classes' simple names from the top-level class down. */
  static String enclosingNames(TypeElement type) {
    Deque<String> names = new ArrayDeque<>();
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      names.addFirst(t.getSimpleName().toString());
    }
    return String.join(".", names);
  }

  private static String display(ExecutableElement method) {
    TypeElement type = (TypeElement) method.getEnclosingElement();
    return enclosingNames(type) + "." + method.getSimpleName();
  }
}
