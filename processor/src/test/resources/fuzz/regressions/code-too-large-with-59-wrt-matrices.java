// Found by the differential fuzzer (seed 172, method loss1, of the generator's big mode: 25 to 30
// layers h = phi(W h + b) and a 12- to 20-factor product chain), not shrunk: the failure needs
// the size. 59 matrix parameters, all of them wrt (the default), 25 locals.
// The generated class does not compile: one of its methods exceeds the JVM's 64 KB limit on a
// method's bytecode (issue 16, item 3: about 60 wrt matrices, deep networks and long unrolled
// passes). Big methods with about 30 wrt matrices (seed 370 loss0: 58 parameters, 32 wrt) compile
// and pass.
// Expected: compiles without errors or warnings; value and every gradient agree at points 0, 1, 2.
// Was (fixed): COMPILE: ERROR /SOURCE_OUTPUT/fuzz/CodeTooLargeLoss1Gradient.java: code too large
// Fixed: passes, shape checks and output checks are split into private methods of bounded size
// and the aliasing check is linear code.
// fuzz-class CodeTooLarge
// fuzz-method loss1 dims=1,2,3,4 wrt=* name=* points=0,1,2
// fuzz-param grad matrix 1 2 GENERAL -2555781243691593213
// fuzz-param DERIVATION matrix 3 1 GENERAL -4304219475883198677
// fuzz-param M matrix 1 2 GENERAL 848245663765129283
// fuzz-param y21 matrix 1 1 GENERAL 7859522898680876563
// fuzz-param String matrix 1 1 GENERAL 3401766389513530572
// fuzz-param data matrix 0 3 GENERAL -8389656904383618771
// fuzz-param B matrix 1 2 GENERAL -8563251969826173763
// fuzz-param K matrix 1 2 GENERAL -2333187564501947435
// fuzz-param forward matrix 1 2 GENERAL -2077292410783935138
// fuzz-param S matrix 1 2 GENERAL 3406039015565828408
// fuzz-param Z matrix 1 1 GENERAL -1239220972143337005
// fuzz-param Q matrix 1 1 GENERAL -4969684959300031276
// fuzz-param U matrix 1 2 GENERAL -7110490724489172995
// fuzz-param loss matrix 1 2 GENERAL 7286442224449608050
// fuzz-param com matrix 3 2 GENERAL 1519678621917835488
// fuzz-param e matrix 1 0 GENERAL 8392586019918671963
// fuzz-param Y21 matrix 1 3 GENERAL 4327122819761149248
// fuzz-param IllegalArgumentException matrix 1 1 GENERAL 3967947435967374993
// fuzz-param W1 matrix 1 0 GENERAL -3449905449156599089
// fuzz-param Workspace matrix 1 1 GENERAL -8576521689545869058
// fuzz-param Gemm matrix 1 1 GENERAL -3842896403225356961
// fuzz-param Z22 matrix 1 2 GENERAL 7529227698652394584
// fuzz-param Lu matrix 1 2 GENERAL -4319958761543222502
// fuzz-param X matrix 1 1 GENERAL -1533802130541760277
// fuzz-param out matrix 1 1 GENERAL -4199471226060477084
// fuzz-param H matrix 1 2 GENERAL -5670877345412509788
// fuzz-param V matrix 1 1 GENERAL 1402062341086309075
// fuzz-param dA matrix 1 1 GENERAL 4528385823870131177
// fuzz-param gradients matrix 1 2 GENERAL 4923836822279493945
// fuzz-param ai matrix 1 2 GENERAL -1301652944053505400
// fuzz-param Matrix matrix 1 2 GENERAL -8352031095402874945
// fuzz-param y matrix 1 2 GENERAL 4579136219376316980
// fuzz-param System matrix 1 1 GENERAL -9039388674970971746
// fuzz-param Object matrix 1 1 GENERAL 6806312677880027600
// fuzz-param W21 matrix 2 3 GENERAL 3009674994498025362
// fuzz-param lu matrix 1 1 GENERAL 7798542076485667285
// fuzz-param x matrix 1 1 GENERAL 3891514545614211909
// fuzz-param DERIVATION_ASCII matrix 1 2 GENERAL -8824947463008117379
// fuzz-param sq2 matrix 1 1 GENERAL -4176408347167975121
// fuzz-param i matrix 1 2 GENERAL 895888240712895435
// fuzz-param Y matrix 1 1 GENERAL -5641777767466886277
// fuzz-param Checks matrix 1 1 GENERAL 8165058835314729763
// fuzz-param W matrix 1 1 GENERAL -1816478561770335010
// fuzz-param C matrix 1 1 GENERAL -6385561046458242734
// fuzz-param tmp matrix 1 1 GENERAL 8919294951756402210
// fuzz-param Variables matrix 1 0 GENERAL -1621471176968246852
// fuzz-param n matrix 1 1 GENERAL 650307021018554795
// fuzz-param Objective matrix 1 2 GENERAL -2535764078052831986
// fuzz-param W2 matrix 1 1 GENERAL 5588885993545276023
// fuzz-param GeneratedGradient matrix 1 2 GENERAL -4814218607271607844
// fuzz-param result matrix 0 0 GENERAL -763746035929178744
// fuzz-param K21 matrix 2 2 GENERAL -415186135426129713
// fuzz-param P matrix 1 2 GENERAL -3600324941557347279
// fuzz-param A matrix 1 2 GENERAL 6326964013809151535
// fuzz-param value matrix 1 0 GENERAL 7324267726004105162
// fuzz-param dx matrix 1 2 GENERAL -6192672105323765423
// fuzz-param m matrix 1 1 GENERAL -1974634212704947205
// fuzz-param Fn matrix 1 0 GENERAL -2575874802544023844
// fuzz-param b matrix 1 1 GENERAL 8682059713532619018
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

class CodeTooLarge {
  @Differentiable
  static double loss1(Matrix grad, Matrix DERIVATION, Matrix M, Matrix y21, Matrix String, Matrix data, Matrix B, Matrix K, Matrix forward, Matrix S, Matrix Z, Matrix Q, Matrix U, Matrix loss, Matrix com, Matrix e, Matrix Y21, Matrix IllegalArgumentException, Matrix W1, Matrix Workspace, Matrix Gemm, Matrix Z22, Matrix Lu, Matrix X, Matrix out, Matrix H, Matrix V, Matrix dA, Matrix gradients, Matrix ai, Matrix Matrix, Matrix y, Matrix System, Matrix Object, Matrix W21, Matrix lu, Matrix x, Matrix DERIVATION_ASCII, Matrix sq2, Matrix i, Matrix Y, Matrix Checks, Matrix W, Matrix C, Matrix tmp, Matrix Variables, Matrix n, Matrix Objective, Matrix W2, Matrix GeneratedGradient, Matrix result, Matrix K21, Matrix P, Matrix A, Matrix value, Matrix dx, Matrix m, Matrix Fn, Matrix b) {
    Matrix max = tanh(add(mul(x, P), S));
    final var java = add(max, scale(0.5, tanh(add(mul(C, max), U))));
    var h3 = Ops.add(java, scale(0.5, tanh(add(mul(W2, java), forward))));
    final var h4 = tanh(add(mul(W, h3), GeneratedGradient));
    final Matrix h5 = tanh(add(mul(Y, h4), H));
    Matrix h6 = tanh(add(mul(b, h5), gradients));
    final var h7 = Ops.add(h6, scale(0.5, tanh(add(mul(X, h6), y))));
    final var h8 = add(h7, scale(0.5, tanh(addColumn(mul(tmp, h7), value))));
    final var h9 = add(h8, scale(0.5, tanh(add(mul(Q, h8), A))));
    Matrix h10 = tanh(add(mul(Object, h9), K));
    Matrix h11 = add(h10, scale(0.5, tanh(addColumn(mul(sq2, h10), W1))));
    final var h12 = Ops.tanh(add(Ops.mul(Z, h11), B));
    Matrix h13 = add(h12, Ops.scale(0.5, tanh(add(mul(n, h12), M))));
    var h14 = sin(add(mul(V, h13), Objective));
    final Matrix h15 = sigmoid(add(mul(dA, h14), DERIVATION_ASCII));
    var h16 = sin(add(mul(Checks, h15), ai));
    final Matrix h17 = sigmoid(addColumn(mul(lu, h16), e));
    final var h18 = tanh(add(mul(String, h17), loss));
    final Matrix h19 = add(h18, scale(0.5, tanh(add(mul(m, h18), dx))));
    var h20 = sin(add(mul(Gemm, h19), grad));
    final Matrix h21 = tanh(add(mul(IllegalArgumentException, h20), i));
    final Matrix h22 = add(h21, scale(0.5, tanh(addColumn(mul(y21, h21), Variables))));
    final var h23 = add(h22, scale(0.5, tanh(add(mul(System, h22), Z22))));
    Matrix h24 = sigmoid(add(mul(Workspace, h23), Matrix));
    final Matrix h25 = add(h24, scale(0.5, tanh(add(mul(out, h24), Lu))));
    return ((dot(add(Y21, t(DERIVATION)), Y21) + dot(h25, h25)) + sum(tanh(Ops.mul(mul(t(W21), mul(mul(K21, t(y)), mul(h18, sigmoid(K21)))), mul(mul(t(h21), mul(mul(mul(Fn, result), mul(mul(data, DERIVATION), mul(n, Y21))), t(W21))), mul(mul(Ops.mul(mul(K21, t(h18)), Ops.mul(W2, mul(h3, W21))), com), t(A)))))));
  }
}
