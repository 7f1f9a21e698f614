package dev.tracegrad.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import dev.tracegrad.processor.diagnostic.Message;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The errors found in one method, as data (front end). Validation and reading only collect;
 * {@link #print} reports each distinct problem once, in the order it was found, so the same
 * mistake reached twice is still one diagnostic.
 */
final class Problems {

  /** Where a problem is reported: an element (optionally an annotation value on it) or a tree. */
  private record Problem(
      Element element, AnnotationMirror mirror, AnnotationValue value, Tree tree, String text) {}

  private Set<Problem> problems = new LinkedHashSet<>();
  private final java.util.Deque<Set<Problem>> outer = new java.util.ArrayDeque<>();
  private Problem pendingAside;

  /**
   * Collects what is found from here until {@link #endAside} apart (an inlined helper's body,
   * whose first problem is reported with its call site).
   */
  void beginAside() {
    outer.push(problems);
    problems = new LinkedHashSet<>();
  }

  /**
   * Ends collecting apart and returns the message of the first problem found meanwhile (null if
   * none); that problem (only it) is recorded where problems went before by {@link
   * #recordAside}, after the caller has recorded its own.
   */
  String endAside() {
    Set<Problem> aside = problems;
    problems = outer.pop();
    pendingAside = aside.isEmpty() ? null : aside.iterator().next();
    return pendingAside == null ? null : pendingAside.text();
  }

  /** Records the first problem of the aside that {@link #endAside} ended. */
  void recordAside() {
    if (pendingAside != null) {
      problems.add(pendingAside);
      pendingAside = null;
    }
  }

  /** An error that no aside holds back: it goes where the outermost problems go. */
  void onOutermost(Tree tree, Message message, Object... args) {
    Set<Problem> target = outer.isEmpty() ? problems : outer.peekLast();
    target.add(new Problem(null, null, null, tree, message.render(args)));
  }

  /** An error on a method or parameter declaration. */
  void on(Element element, Message message, Object... args) {
    problems.add(new Problem(element, null, null, null, message.render(args)));
  }

  /** An error on one value of the method's annotation (an element of an array value included). */
  void on(Element element, AnnotationMirror mirror, AnnotationValue value, Message message,
      Object... args) {
    problems.add(new Problem(element, mirror, value, null, message.render(args)));
  }

  /** An error on a tree of the method's body. */
  void on(Tree tree, Message message, Object... args) {
    problems.add(new Problem(null, null, null, tree, message.render(args)));
  }

  /** How many distinct problems were found so far (where problems go now). */
  int count() {
    return problems.size();
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /** Prints every problem as an ERROR; body problems need {@code trees} and their unit. */
  void print(Messager messager, Trees trees, CompilationUnitTree unit) {
    for (Problem p : problems) {
      if (p.tree() != null) {
        trees.printMessage(Diagnostic.Kind.ERROR, p.text(), p.tree(), unit);
      } else if (p.value() != null) {
        messager.printMessage(Diagnostic.Kind.ERROR, p.text(), p.element(), p.mirror(), p.value());
      } else {
        messager.printMessage(Diagnostic.Kind.ERROR, p.text(), p.element());
      }
    }
  }
}
