package dev.tracegrad.processor.frontend;

import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import java.util.Locale;

/**
 * Names of trees and operators in the words diagnostics use (front end): "a for loop", "a
 * cast", "use add(A, B)". Unknown kinds, including those of later JDKs, fall back to javac's
 * kind name.
 */
final class TreeWords {
  private TreeWords() {}

  /** What an unsupported statement is. */
  static String statement(StatementTree statement) {
    switch (statement.getKind()) {
      case FOR_LOOP:
        return "a for loop";
      case ENHANCED_FOR_LOOP:
        return "a for-each loop";
      case WHILE_LOOP:
        return "a while loop";
      case DO_WHILE_LOOP:
        return "a do-while loop";
      case IF:
        return "an if statement";
      case SWITCH:
        return "a switch statement";
      case TRY:
        return "a try statement";
      case THROW:
        return "a throw statement";
      case SYNCHRONIZED:
        return "a synchronized block";
      case BLOCK:
        return "a nested block";
      case LABELED_STATEMENT:
        return "a labeled statement";
      case ASSERT:
        return "an assert statement";
      case EXPRESSION_STATEMENT:
        return "an expression statement";
      case CLASS:
      case INTERFACE:
      case ENUM:
      case RECORD:
        return "a local class";
      default:
        return "this statement (" + kindName(statement) + ")";
    }
  }

  /** What an unsupported expression is; {@code text} is its source, for field accesses. */
  static String expression(Tree tree, String text) {
    switch (tree.getKind()) {
      case LAMBDA_EXPRESSION:
        return "a lambda expression";
      case MEMBER_REFERENCE:
        return "a method reference";
      case NEW_CLASS:
        return "object creation with new";
      case NEW_ARRAY:
        return "an array creation";
      case CONDITIONAL_EXPRESSION:
        return "the conditional operator ?:";
      case TYPE_CAST:
        return "a cast";
      case INSTANCE_OF:
        return "instanceof";
      case ARRAY_ACCESS:
        return "array access";
      case MEMBER_SELECT:
        return "field access '" + text + "'";
      case SWITCH_EXPRESSION:
        return "a switch expression";
      default:
        return "this expression (" + kindName(tree) + ")";
    }
  }

  /** The literal's type as a user says it: "float", "string", "boolean". */
  static String literal(Tree tree) {
    return tree.getKind().name().replace("_LITERAL", "").toLowerCase(Locale.ROOT);
  }

  /** The DSL's scalar operators; null for every other binary operator. */
  static String arithmetic(Tree.Kind kind) {
    switch (kind) {
      case PLUS:
        return "+";
      case MINUS:
        return "-";
      case MULTIPLY:
        return "*";
      case DIVIDE:
        return "/";
      default:
        return null;
    }
  }

  /** What to write instead of a scalar operator applied to a Matrix. */
  static String matrixAlternative(String op) {
    switch (op) {
      case "+":
        return "use add(A, B), add(A, s) with a double s, or sum, dot, tr or scalar to make a double"
            + " first";
      case "-":
        return "use sub(A, B), sub(A, s), sub(s, A) (sub(1, A) is 1 - A) or neg(A), or sum, dot, tr"
            + " or scalar to make a double first";
      case "*":
        return "use mul(A, B) for the matrix product, hadamard(A, B) elementwise or scale(s, A)";
      default:
        return "use div(A, B) or div(A, s) elementwise";
    }
  }

  static String kindName(Tree tree) {
    return tree.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
